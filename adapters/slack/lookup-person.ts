import type { WebClient } from '@slack/web-api';
import type { PersonLookup } from '../startup/person-lookup.js';

/** The Web API error code of a failed call (`user_not_found`, `missing_scope`, …). */
function codeOf(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Whether this workspace has a member id, through `users.info` (the `users:read` scope the manifest asks for). */
export async function lookUpSlackPerson(client: WebClient, userId: string): Promise<PersonLookup> {
  try {
    const res = await client.users.info({ user: userId });
    if (res.user?.deleted) return { found: false, why: 'the account is deactivated' };
    const name = res.user?.real_name || res.user?.name;
    return { found: true, ...(name ? { name } : {}) };
  } catch (err) {
    const code = codeOf(err);
    if (code === 'user_not_found')
      return { found: false, why: 'no such member in this workspace (user_not_found)' };
    if (code === 'missing_scope')
      return {
        unchecked: 'the bot token lacks users:read: add it (the manifests ask for it) and reinstall the app',
      };
    throw err;
  }
}
