import type { ReleaseStore } from '../../src/store/port.js';

/** A commit held after it was saved: the test sees it `reached`, and lets the core go on with `release`. */
export interface HeldCommit {
  reached: Promise<void>;
  release(): void;
}

/**
 * A store whose next commit, once armed, is saved and then held before the core hears it is done:
 * a test can act (close a socket, redeliver) at the moment a request is committed but not yet
 * acknowledged, without depending on how fast anything runs.
 */
export function storeWithGate(inner: ReleaseStore): { store: ReleaseStore; holdNextCommit(): HeldCommit } {
  let armed: { reached: () => void; released: Promise<void> } | undefined;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== 'commit') return value.bind(target);
      return async (...args: unknown[]) => {
        const result = await value.apply(target, args);
        const hold = armed;
        armed = undefined;
        if (hold) {
          hold.reached();
          await hold.released;
        }
        return result;
      };
    },
  });
  return {
    store,
    holdNextCommit() {
      let reached: () => void = () => undefined;
      let release: () => void = () => undefined;
      const held: HeldCommit = {
        reached: new Promise<void>((resolve) => {
          reached = resolve;
        }),
        release: () => release(),
      };
      armed = {
        reached: () => reached(),
        released: new Promise<void>((resolve) => {
          release = resolve;
        }),
      };
      return held;
    },
  };
}
