import type { BoardApp } from './board-app.js';

/** A browser without a browser: signs in through a DM's link with fetch and keeps the session cookie. */
export async function signInWithFetch(
  app: BoardApp,
  slackUser: string,
): Promise<{ cookie: string; setCookie: string }> {
  const link = await app.linkFor(slackUser);
  const page = await fetch(link);
  if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}`);
  const used = await fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: '',
  });
  if (used.status !== 303) throw new Error(`sign-in answered ${used.status}`);
  const setCookie = used.headers.getSetCookie().find((c) => c.startsWith('golive_board=')) ?? '';
  return { cookie: setCookie.split(';')[0] ?? '', setCookie };
}

export const get = (app: BoardApp, path: string, cookie: string) =>
  fetch(`${app.base}${path}`, { headers: { cookie }, redirect: 'manual' });
