import type { ReleaseStore } from '../store/port.js';
import { type ChainVerdict, verifyChain } from './chain.js';

export interface ReleaseVerdict {
  releaseId: string;
  verdict: ChainVerdict | { ok: false; problem: 'not_found'; seq: 0 };
}

/**
 * Checks the audit trails in a store against their hash chains: the releases named, or every release
 * (a page at a time, newest first). Calls `each` per release as it goes, so a long check shows progress.
 */
export async function verifyStoredTrails(
  store: ReleaseStore,
  ids: readonly string[] | undefined,
  each: (v: ReleaseVerdict) => void,
): Promise<{ checked: number; broken: number }> {
  let checked = 0;
  let broken = 0;
  const check = async (id: string) => {
    const release = await store.load(id);
    const verdict: ReleaseVerdict['verdict'] = release
      ? verifyChain(await store.events(id), { lastHash: release.lastEventHash, count: release.eventCount })
      : { ok: false, problem: 'not_found', seq: 0 };
    checked += 1;
    if (!verdict.ok) broken += 1;
    each({ releaseId: id, verdict });
  };
  if (ids) {
    for (const id of ids) await check(id);
    return { checked, broken };
  }
  let after: Parameters<ReleaseStore['searchReleases']>[0]['after'];
  do {
    const page = await store.searchReleases({ limit: 200, ...(after ? { after } : {}) });
    for (const r of page.releases) await check(r.id);
    after = page.next;
  } while (after);
  return { checked, broken };
}
