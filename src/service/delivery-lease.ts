import type { DeliveryDeps } from './deps.js';

/**
 * Renews the claims on `keys` every third of the lease until each is dropped; a lost claim is logged.
 * Dropping waits for a renewal under way, so none lands after the entry is settled.
 */
export function holdLease(
  deps: DeliveryDeps,
  instanceId: string,
  leaseMs: number,
  keys: ReadonlySet<string>,
) {
  const held = new Set(keys);
  let renewing: Promise<unknown> = Promise.resolve();
  const renew = async (key: string) => {
    const ok = await deps.store
      .renewOutboxClaim(key, instanceId, deps.now().toISOString())
      .catch((err: unknown) => deps.log.warn({ err, key }, 'could not renew a delivery claim'));
    if (ok === false)
      deps.log.warn({ key }, 'delivery claim taken over while sending: the message may be sent twice');
  };
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      for (const key of [...held]) if (held.has(key)) await renew(key);
    });
  }, leaseMs / 3);
  timer.unref();
  return {
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
