import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { FlowError, parseFlowFile } from './load.js';

/** One problem of a flow file: the file, the line it points at when known, and what is wrong. */
export interface FlowProblem {
  file: string;
  line?: number;
  message: string;
}

/**
 * Checks every `*.yaml` flow of a folder, all of them (not only up to the first broken one): each
 * problem with its file and, where it points into the file, its line. No problems: the folder is one
 * golive would load.
 */
export function checkFlowsDir(dir: string, configRoles: readonly string[]): FlowProblem[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const problems: FlowProblem[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    try {
      const flow = parseFlowFile(file, text, configRoles);
      const other = ids.get(flow.id);
      if (other) problems.push({ file: path, message: `flow id "${flow.id}" is also used by ${other}` });
      ids.set(flow.id, file);
    } catch (err) {
      if (!(err instanceof FlowError)) throw err;
      for (const message of err.problems) {
        const line = lineOf(text, message);
        problems.push({ file: path, ...(line ? { line } : {}), message });
      }
    }
  }
  return problems;
}

/** `file:line: message`, the way compilers print, so editors and CI can jump to it. */
export function formatProblem(p: FlowProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}

/**
 * The line a problem message points at: its "stage X, field a.b[0].c" read back into a path of the
 * YAML document, walked as far as the file has it (a missing key points at its parent).
 */
function lineOf(text: string, message: string): number | undefined {
  const at = /^(?:stage ([^,:]+)(?:, |:))?(?:field ([^:]+):)?/.exec(message);
  if (!at || (!at[1] && !at[2])) return undefined;
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const path: (string | number)[] = [];
  if (at[1]) {
    const stages = doc.toJS()?.stages as { id?: unknown }[] | undefined;
    const n = at[1].startsWith('#')
      ? Number(at[1].slice(1)) - 1
      : (stages ?? []).findIndex((s) => s?.id === at[1]);
    if (n < 0) return undefined;
    path.push('stages', n);
  }
  const field = at[2]?.trim();
  if (field && field !== '(top level)')
    for (const part of field.match(/[^.[\]]+|\[\d+\]/g) ?? [])
      path.push(part.startsWith('[') ? Number(part.slice(1, -1)) : part);
  for (let n = path.length; n >= 0; n--) {
    const node = n ? doc.getIn(path.slice(0, n), true) : doc.contents;
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    if (offset !== undefined) return counter.linePos(offset).line;
  }
  return undefined;
}
