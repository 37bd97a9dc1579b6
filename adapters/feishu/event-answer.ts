import type { Background } from './background.js';

/**
 * Thrown when an event's work is still running at the answer deadline: the event is answered with
 * an error instead of 200, so Feishu pushes it again later rather than counting it as handled — a
 * 200 sent before the core has committed would let a crash lose a command Feishu thinks delivered.
 */
export class StillRunning extends Error {
  constructor(readonly eventId: string | undefined) {
    super(`event ${eventId ?? '(no id)'} is still being handled; Feishu will push it again`);
  }
}

/**
 * Answers events once their work is done. A re-push of an event still running (same `event_id`)
 * waits for that same work rather than being answered at once; one that finished earlier reaches
 * the handler again, which recognises its id and returns.
 */
export function eventAnswerer(background: Background, answerWithinMs: number) {
  const running = new Map<string, Promise<void>>();
  return async (eventId: string | undefined, start: () => Promise<void>): Promise<void> => {
    let work = eventId ? running.get(eventId) : undefined;
    if (!work) {
      work = start();
      if (eventId) {
        running.set(eventId, work);
        const forget = () => void running.delete(eventId);
        work.then(forget, forget);
      }
    }
    const result = await background.within(answerWithinMs, work);
    if (!result.done) throw new StillRunning(eventId);
  };
}
