/**
 * In-process lanes: commits to one release from this process run one after another, and a commit based
 * on a version this process has already seen superseded is answered "conflict" without a round trip.
 * Correctness across processes does not depend on this (the server decides, see transitions.ts); it keeps
 * many racing callers in one process from flooding the server with writes that cannot win.
 */
export function releaseLanes() {
  const lanes = new Map<string, { tail: Promise<unknown>; waiting: number; version: number }>();

  return {
    /**
     * Runs `work` when the commits queued before it for `releaseId` are done. `superseded` answers for a
     * caller whose expected version is already behind what this process wrote or saw.
     */
    async run<T>(
      releaseId: string,
      expectedVersion: number,
      superseded: T,
      work: (saw: (version: number) => void) => Promise<T>,
    ): Promise<T> {
      const lane = lanes.get(releaseId) ?? { tail: Promise.resolve(), waiting: 0, version: 0 };
      lanes.set(releaseId, lane);
      lane.waiting += 1;
      const saw = (version: number) => {
        lane.version = Math.max(lane.version, version);
      };
      const result = lane.tail.then(() => (lane.version > expectedVersion ? superseded : work(saw)));
      lane.tail = result.catch(() => undefined);
      try {
        return await result;
      } finally {
        lane.waiting -= 1;
        if (lane.waiting === 0) lanes.delete(releaseId);
      }
    },
  };
}
