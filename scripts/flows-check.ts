/**
 * `npm run flows:check [DIR]`: lints a folder of flow files (default `flows/`) the way golive loads
 * them — shape, references, and only what the engine runs — and prints each problem as
 * `file:line: stage …, field …: what is wrong`. Exit 1 on any problem, so CI can run it.
 * The roles flows may name come from the team config: `--config FILE`, else GOLIVE_CONFIG, else
 * config/example.yaml.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { configRoles } from '../src/config/roles.js';
import { checkFlowsDir, formatProblem } from '../src/flow/check.js';

function main(argv: string[]): number {
  const args = [...argv];
  const at = args.indexOf('--config');
  const configPath = at >= 0 ? args.splice(at, 2)[1] : (process.env.GOLIVE_CONFIG ?? 'config/example.yaml');
  const dir = args[0] ?? 'flows';
  if (!existsSync(dir)) {
    console.error(`flows:check: no folder ${dir}`);
    return 1;
  }
  const config = loadConfig(configPath && existsSync(configPath) ? configPath : undefined);
  const problems = checkFlowsDir(resolve(dir), configRoles(config)).map((p) => ({
    ...p,
    file: p.file.startsWith(process.cwd()) ? p.file.slice(process.cwd().length + 1) : p.file,
  }));
  for (const p of problems) console.error(formatProblem(p));
  if (problems.length) {
    const files = new Set(problems.map((p) => p.file)).size;
    console.error(`flows:check: ${problems.length} problem(s) in ${files} file(s) of ${dir}`);
    return 1;
  }
  console.log(`flows:check: every flow in ${dir} is one golive runs`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
