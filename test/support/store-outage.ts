import type { ReleaseStore } from '../../src/store/port.js';

/**
 * A store whose writes fail while `down.on` is set, the way an unreachable database fails them
 * (reads still work, so the core gets as far as saving).
 */
export function storeWithOutage(inner: ReleaseStore): { store: ReleaseStore; down: { on: boolean } } {
  const down = { on: false };
  const failing = new Set(['create', 'commit', 'nextReleaseNumber']);
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (down.on && failing.has(String(prop))) return Promise.reject(new Error('store unreachable'));
        return value.apply(target, args);
      };
    },
  });
  return { store, down };
}
