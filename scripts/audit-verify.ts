/**
 * npm run audit:verify [REL-n …]: checks the hash chain of the audit trail of the releases named, or of
 * every release, in the store the environment points at (MONGODB_URI, else the SQLite file under
 * DATA_DIR). Prints one line per broken trail (and per release named), then a summary; exits 1 when a
 * trail is broken or a named release does not exist, naming the first broken event.
 */
import { openStore } from '../adapters/store-file.js';
import { verifyStoredTrails } from '../src/audit/verify-store.js';
import { readEnv } from '../src/config/env.js';
import { releaseIdOf } from '../src/domain/release-id.js';

const PROBLEMS: Record<string, string> = {
  edited: 'its content was changed after it was written',
  broken_link: 'it does not link to the event before it',
  missing: 'an event is missing here',
  tail_removed: 'the newest events were removed',
  not_found: 'no such release',
};

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const ids = args.map((a) => releaseIdOf(a));
  const bad = args.find((_, i) => !ids[i]);
  if (bad) {
    process.stderr.write(`audit:verify: "${bad}" is not a release id (REL-12 or 12)\n`);
    return 2;
  }
  const store = await openStore(readEnv(process.env));
  await store.init();
  try {
    const named = args.length > 0;
    const { checked, broken } = await verifyStoredTrails(
      store,
      named ? (ids as string[]) : undefined,
      (v) => {
        if (v.verdict.ok) {
          if (named) process.stdout.write(`${v.releaseId}: ✓ ${v.verdict.count} events, hash chain intact\n`);
          return;
        }
        const where = v.verdict.problem === 'not_found' ? '' : ` at event ${v.verdict.seq}`;
        process.stdout.write(
          `${v.releaseId}: ✗ broken${where}: ${PROBLEMS[v.verdict.problem] ?? v.verdict.problem}\n`,
        );
      },
    );
    process.stdout.write(
      broken
        ? `${broken} of ${checked} releases have a broken audit trail\n`
        : `${checked} release${checked === 1 ? '' : 's'} checked: every audit trail intact\n`,
    );
    return broken ? 1 : 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
