import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile: `COPY --from=build /app/dist ./dist` → { op: 'COPY', args: '--from=build /app/dist ./dist' }. */
export interface Instruction {
  op: string;
  args: string;
}

/** The instructions of each stage (from one FROM to the next), continuation lines joined, comments dropped. */
export function dockerStages(file: string): Instruction[][] {
  const text = readFileSync(file, 'utf8').replace(/\\\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [op = '', ...rest] = line.split(/\s+/);
    const instruction = { op: op.toUpperCase(), args: rest.join(' ') };
    if (instruction.op === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

/** `ENV A=1 B=2` as a record (the key=value form). */
export function envOf(args: string): Record<string, string> {
  return Object.fromEntries(
    args.split(/\s+/).map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
