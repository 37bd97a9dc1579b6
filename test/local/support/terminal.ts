import { PassThrough } from 'node:stream';
import { type LocalMode, startLocalMode } from '../../../adapters/local/index.js';
import type { TestCore } from '../../support/core.js';

export interface Terminal {
  local: LocalMode;
  input: PassThrough;
  /** Everything printed so far. */
  text(): string;
  /** Types lines and resolves once the transcript shows `until`. */
  type(lines: string[], until: string): Promise<string>;
}

/** Local mode on the test core, fed like a piped script, with the transcript collected. */
export function terminal(core: TestCore['core']): Terminal {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  const listeners = new Set<() => void>();
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
    for (const l of listeners) l();
  });
  const local = startLocalMode({ core, input, output, interactive: false });
  return {
    local,
    input,
    text: () => printed,
    type(lines, until) {
      const from = printed.length;
      input.write(`${lines.join('\n')}\n`);
      return new Promise((resolve, reject) => {
        // A script that went astray should fail with what it printed, not hang until the test timeout.
        const timer = setTimeout(
          () => reject(new Error(`never printed "${until}"; got:\n${printed.slice(from)}`)),
          5000,
        );
        const check = () => {
          if (printed.indexOf(until, from) >= 0) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(printed.slice(from));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}
