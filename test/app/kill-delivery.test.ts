import { describe, it } from 'vitest';
import { killWhileUndelivered } from './kill-delivery.js';

describe('a bot process killed while a transition’s messages are undelivered (embedded SQLite store)', () => {
  it('sends each of them exactly once after it is started again', async () => {
    // DATA_DIR is the same for both processes: the restarted one opens the same SQLite file.
    await killWhileUndelivered(() => ({}));
  }, 180_000);
});
