import type { DeliveryDeps } from './deps.js';

/**
 * Renews the claims on `keys` (taken at `claimedAtMs`) every third of the lease until each is dropped;
 * a lost claim is logged. Dropping waits for a renewal under way, so none lands after the entry is settled.
 */
export function holdLease(
  deps: DeliveryDeps,
  instanceId: string,
  leaseMs: number,
  keys: ReadonlySet<string>,
  claimedAtMs: number,
) {
  const held = new Set(keys);
  /** When each claim was last written as this sender's (the claim, or a renewal that found it still ours). */
  const confirmedAt = new Map([...keys].map((key) => [key, claimedAtMs]));
  const lost = new Set<string>();
  let renewing: Promise<unknown> = Promise.resolve();
  const renew = async (key: string) => {
    const atMs = deps.now().getTime();
    const ok = await deps.store
      .renewOutboxClaim(key, instanceId, new Date(atMs).toISOString())
      .catch((err: unknown) => deps.log.warn({ err, key }, 'could not renew a delivery claim'));
    if (ok === true) confirmedAt.set(key, atMs);
    if (ok === false) {
      lost.add(key);
      deps.log.warn({ key }, 'delivery claim taken over while sending: the message may be sent twice');
    }
  };
  const renewHeld = () => {
    renewing = renewing.then(async () => {
      for (const key of [...held]) if (held.has(key)) await renew(key);
    });
    return renewing;
  };
  const timer = setInterval(renewHeld, leaseMs / 3);
  timer.unref();
  return {
    /**
     * Whether the claim on `key` is still this sender's, to be asked right before sending. Claimed
     * together, a round's entries are sent one after another; on a slow store the renewals may lag
     * until a later entry's claim looks stale to another replica, which takes it over and sends it.
     * So a claim not confirmed within half a lease is renewed first, and one found lost is not sent.
     */
    async stillHeld(key: string): Promise<boolean> {
      if (!lost.has(key) && deps.now().getTime() - (confirmedAt.get(key) ?? 0) >= leaseMs / 2) {
        renewing = renewing.then(() => renew(key));
        await renewing;
      }
      return !lost.has(key) && deps.now().getTime() - (confirmedAt.get(key) ?? 0) < leaseMs;
    },
    async drop(key: string) {
      held.delete(key);
      await renewing;
    },
    async end() {
      held.clear();
      clearInterval(timer);
      await renewing;
    },
  };
}
