import type { App } from '@slack/bolt';
import { renderHome } from '../render/home.js';
import { type HandlerDeps, requestContext } from './deps.js';

/** Publishes the user's App Home: what awaits them and their open releases. */
export async function refreshHome(deps: HandlerDeps, userId: string): Promise<void> {
  const overview = await deps.core.overview(requestContext(userId));
  const view = renderHome(overview, deps.core.localeFor('slack', userId));
  await deps.client.views.publish({ user_id: userId, view });
}

/** `app_home_opened` (Home tab only; the Messages tab fires it too). Bolt acks events itself. */
export function registerHome(app: App, deps: HandlerDeps): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      await refreshHome(deps, event.user);
    } catch (err) {
      deps.log.error({ err, user: event.user }, 'slack app home could not be published');
    }
  });
}
