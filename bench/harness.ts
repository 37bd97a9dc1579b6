/**
 * What the benchmarks share: starting a child app (bench/children/) and talking to it over IPC, and
 * the correctly signed Slack requests they send (approve clicks, slash commands).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import { encodeIntent } from '../adapters/slack/button-value.js';
import { slackSignature } from '../test/support/slack-signing.js';
import type { LoadResult } from './load.js';

export const SECRET = 'bench-signing-secret';
const here = import.meta.dirname;
export const profiles = join(here, 'results', 'profiles');

export type Msg = Record<string, unknown>;
export interface Child {
  proc: ChildProcess;
  port: number;
  first: Msg;
  ask(m: Msg, key: string): Promise<Msg>;
}

export function start(
  script: string,
  env: Record<string, string> = {},
  execArgv: string[] = [],
): Promise<Child> {
  const proc = fork(resolve(here, 'children', script), {
    // BENCH_PROFILE=1 writes a CPU profile of each child's whole life to bench/results/profiles/
    // (node --cpu-prof); BENCH_PROFILE=decisions one of the decisions phase alone (phase-profile.ts).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_PROFILE && process.env.BENCH_PROFILE !== 'decisions'
        ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`]
        : []),
      ...execArgv,
    ],
    env: { ...process.env, ...env, SIGNING_SECRET: SECRET, BENCH_T0: String(Date.now()) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (m: Msg, key: string) =>
    new Promise<Msg>((resolve) => {
      const on = (r: Msg) => {
        if (key in r) {
          proc.off('message', on);
          resolve(r);
        }
      };
      proc.on('message', on);
      proc.send(m);
    });
  return new Promise((resolve, reject) => {
    proc.once('message', (first: Msg) => resolve({ proc, port: Number(first.port), first, ask }));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

export function signed(body: string, contentType: string) {
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': slackSignature(SECRET, ts, body),
    },
  };
}

export let seq = 0;
/** A signed block_actions click; unique action_ts and trigger so no two requests are alike. */
export function click(user: string, releaseId: string, responseUrl: string) {
  const n = ++seq;
  const value = encodeIntent({ releaseId, stageEntry: 1, command: { type: 'approve' } });
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T_TEST' },
    api_app_id: 'A_GOLIVE',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: `D_${user}` },
    trigger_id: `${n}.${n}.bench`,
    team: { id: 'T_TEST', domain: 'bench' },
    channel: { id: `D_${user}`, name: 'directmessage' },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: 'golive:btn:0:approve',
        block_id: `b${n}`,
        value,
        action_ts: `${1700000000 + n}.${String(n % 1e6).padStart(6, '0')}`,
      },
    ],
  };
  return signed(
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    'application/x-www-form-urlencoded',
  );
}

export function slash(text: string, responseUrl: string) {
  const n = ++seq;
  const fields = {
    team_id: 'T_TEST',
    channel_id: 'C_BENCH',
    user_id: 'U_ALICE',
    user_name: 'alice',
    command: '/release',
    text,
    api_app_id: 'A_GOLIVE',
    response_url: responseUrl,
    trigger_id: `${n}.${n}.bench`,
  };
  return signed(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
}

export const ms = (x: number) => Math.round(x * 100) / 100;

/** One app's figures from one load run, as the tables and JSON give them. */
export function figures(r: LoadResult, cpuMsPerRequest: number) {
  return {
    cpuMsPerRequest,
    p50: ms(r.p50),
    p99: ms(r.p99),
    perSecond: Math.round(r.perSecond),
    requests: r.requests,
    errors: r.errors,
    statuses: r.statuses,
  };
}

/** The CPU time a child has used so far (bench/children/cpu-report.ts). */
export async function cpuMs(child: Child): Promise<number> {
  return Number((await child.ask({ cpu: true }, 'cpuMs')).cpuMs);
}
