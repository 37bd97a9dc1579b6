import { describe, expect, it } from 'vitest';
import { readFields } from '../../src/conversation/fields.js';
import { createDirectory } from '../../src/domain/directory.js';
import { flow } from '../engine/harness.js';
import { testConfig } from '../support/people.js';

/**
 * A planned window (`plan: true`) may already be under way: its start may be past while its end is
 * ahead, so a form sent again (or edited) during the window stays valid. A past end, or a past start
 * with no end, is refused.
 */
describe('a planned window already under way', () => {
  const config = testConfig();
  const ctx = {
    locale: 'en' as const,
    platform: 'local' as const,
    directory: createDirectory(config.people),
    timeZone: 'Asia/Shanghai',
    now: new Date('2026-11-24T02:00:00Z'),
  };
  const form = flow('normal').form.filter((f) => f.id.startsWith('window_'));

  it('keeps a start already past when the end is ahead', () => {
    const read = readFields(form, { window_start: '2026-11-24 08:00', window_end: '2026-11-24 18:00' }, ctx);
    expect(read).toMatchObject({ ok: true, values: { window_start: '2026-11-24T00:00:00.000Z' } });
  });

  it('refuses a past end, and a past start with no end', () => {
    expect(
      readFields(form, { window_start: '2026-11-24 08:00', window_end: '2026-11-24 09:00' }, ctx),
    ).toEqual({
      ok: false,
      errors: { window_end: 'That time has passed; enter a later one' },
    });
    expect(readFields(form, { window_start: '2026-11-24 08:00' }, ctx)).toEqual({
      ok: false,
      errors: {
        window_start: 'That start has passed; for a window already under way, give an end still ahead',
      },
    });
  });
});
