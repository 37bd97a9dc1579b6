import type { RunEnd, RunMark, SlotJob } from './mongo-slots.js';

/*
 * How slot documents carry their lists: as strings. On FerretDB v1 every `_id` read scans the
 * collection, and SQLite parses each document's JSON on the way; a string is parsed far faster than
 * the objects it stands for (600 mark documents of 17 runs each: 79 ms per `_id` miss as arrays of
 * objects, 13 ms as strings, same machine and load), and FerretDB converts every field it returns.
 */

const DATE_FIELDS = [
  'nextRunAt',
  'lastRunAt',
  'lastFinishedAt',
  'failedAt',
  'lockedAt',
  'startDate',
  'endDate',
];

/** Jobs as base64 JSON, without the fields they leave empty. */
export function encodeJobs(list: readonly SlotJob[]): string {
  const compact = list.map((job) =>
    Object.fromEntries(
      Object.entries({ ...job, _id: String(job._id) }).filter(([, v]) => v !== null && v !== undefined),
    ),
  );
  return Buffer.from(JSON.stringify(compact)).toString('base64');
}

/** A job from its JSON form; its dates revived (job data stays as JSON: timer data are strings). */
function revive(json: Record<string, unknown>): SlotJob {
  const job: Record<string, unknown> = { ...json };
  for (const f of DATE_FIELDS) if (typeof job[f] === 'string') job[f] = new Date(job[f] as string);
  return job as unknown as SlotJob;
}

/** The jobs of an entry batch (`encodeJobs`). */
export function decodeJobs(b64: string): SlotJob[] {
  const list = JSON.parse(Buffer.from(b64, 'base64').toString()) as Record<string, unknown>[];
  return list.map(revive);
}

const CODES: Record<RunEnd, string> = { removed: 'd', retried: 'r', cancelled: 'c' };
const ENDS = new Map(Object.entries(CODES).map(([end, code]) => [code, end as RunEnd]));

/** Ended runs as `<run>=<code>` separated by spaces (a run key is `<job id>@<ms>`). */
export const encodeMarks = (runs: readonly RunMark[]) =>
  runs.map((m) => `${m.run}=${CODES[m.end]}`).join(' ');

/** The runs of a mark batch (`encodeMarks`). */
export function decodeMarks(text: string): RunMark[] {
  return text.split(' ').flatMap((item) => {
    const [run = '', code = ''] = item.split('=');
    const end = ENDS.get(code);
    return end ? [{ run, id: run.split('@')[0] ?? '', end }] : [];
  });
}
