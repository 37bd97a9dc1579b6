import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { createTestCore } from '../support/core.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

/** `npm run audit:verify [REL-n]` as an operator runs it, on a data folder golive wrote. */
async function auditVerify(dataDir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('node', ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '' },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

describe('npm run audit:verify', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'golive-audit-'));
  beforeAll(async () => {
    const t = await createTestCore({ store: createSqliteStore({ file: join(dataDir, 'golive.sqlite') }) });
    for (const title of ['Checkout v2', 'Refund fix', 'Coupon service']) {
      const r = await t.core.submit(
        t.as('alice'),
        { kind: 'new_release', flowId: 'normal' },
        {
          title,
          system: 'shop',
          tester: 'bob',
          director: 'dave',
        },
      );
      expect(r.ok).toBe(true);
    }
    const withdrawn = await t.core.command(t.as('alice'), 'withdraw REL-2 not needed');
    expect(withdrawn.kind).toBe('text');
    await t.stop();
  });

  it('says every trail is intact, and checks one release when named', async () => {
    expect(await auditVerify(dataDir)).toEqual({
      code: 0,
      out: '3 releases checked: every audit trail intact\n',
    });
    const one = await auditVerify(dataDir, 'REL-2');
    expect(one.code).toBe(0);
    expect(one.out).toContain('REL-2: ✓ 2 events, hash chain intact');
  });

  it('exits 1 naming the first broken event of an edited trail, and an unknown release', async () => {
    const db = new Database(join(dataDir, 'golive.sqlite'));
    db.prepare(
      "UPDATE events SET doc = json_set(doc, '$.comment', 'never said') WHERE release_id = 'REL-2' AND seq = 2",
    ).run();
    db.close();
    const all = await auditVerify(dataDir);
    expect(all.code).toBe(1);
    expect(all.out).toContain('REL-2: ✗ broken at event 2: its content was changed after it was written');
    expect(all.out).toContain('1 of 3 releases have a broken audit trail');
    const named = await auditVerify(dataDir, 'rel-2', 'REL-3');
    expect(named.code).toBe(1);
    expect(named.out).toContain('REL-3: ✓');
    const missing = await auditVerify(dataDir, 'REL-99');
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.out).toContain('REL-99: ✗ broken: no such release');
    expect((await auditVerify(dataDir, 'banana')).code).toBe(2);
  });
});
