/**
 * `npm run bench:flood`: golive's memory before and after a flood of 50,000 distinct signed requests
 * (bench/flood.ts); FLOOD_REQUESTS sets another count. Writes bench/results/flood.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFlood } from './flood.js';
import { machine } from './machine.js';

const result = await runFlood();
const out = { machine: machine(), at: new Date().toISOString(), ...result };
writeFileSync(join(import.meta.dirname, 'results', 'flood.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
process.exit(0);
