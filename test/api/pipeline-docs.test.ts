import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newRelease, slackScenarios, unixTime } from '../slack/scenario.js';
import { apiConfig, baseOf, mountApi, PAY_TOKEN, toLaunch } from './support.js';

const run = promisify(execFile);
const scenarios = slackScenarios();
const DOC = readFileSync(resolve(import.meta.dirname, '../../docs/pipeline.md'), 'utf8');

/** The first fenced block of `lang` after the heading `title`. */
function block(title: string, lang: string): string {
  const at = DOC.indexOf(`### ${title}`);
  const open = DOC.indexOf(`\`\`\`${lang}\n`, at);
  if (at < 0 || open < 0) throw new Error(`docs/pipeline.md has no ${lang} block under "${title}"`);
  const start = open + lang.length + 4;
  return DOC.slice(start, DOC.indexOf('\n```', start));
}

/** The shell each CI runs for: waiting, deploying (and reporting), reporting a failure. */
interface Steps {
  wait: string;
  deploy: string;
  failed: string;
}

function githubSteps(): Steps {
  const steps = parse(block('GitHub Actions', 'yaml')).jobs.deploy.steps as { name?: string; run?: string }[];
  const runOf = (name: string) => steps.find((s) => s.name === name)?.run ?? '';
  return {
    wait: runOf('Wait for golive approval'),
    deploy: runOf('Deploy'),
    failed: runOf('Tell golive the launch failed'),
  };
}

function gitlabSteps(): Steps {
  const job = parse(block('GitLab CI', 'yaml')).deploy as { script: string[]; after_script: string[] };
  return { wait: job.script[0] ?? '', deploy: job.script[1] ?? '', failed: job.after_script[0] ?? '' };
}

function jenkinsSteps(): Steps {
  // The shell of each sh '''…''' as Groovy hands it over: its escapes resolved.
  const shells = [
    ...block('Jenkins (declarative pipeline)', 'groovy').matchAll(/sh '''\n([\s\S]*?)'''/g),
  ].map((m) => (m[1] ?? '').replace(/\\(\\|\n|'|")/g, (_, c: string) => (c === '\n' ? '' : c)));
  return { wait: shells[0] ?? '', deploy: shells[1] ?? '', failed: shells[2] ?? '' };
}

const workspaces: string[] = [];
afterAll(() => {
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
});

/** A CI workspace: one folder for every step of a job, with a deploy script that succeeds or fails. */
function workspace(deployOk: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'golive-ci-'));
  workspaces.push(dir);
  writeFileSync(join(dir, 'deploy.sh'), `#!/bin/sh\necho "deploying $1"\nexit ${deployOk ? 0 : 1}\n`);
  chmodSync(join(dir, 'deploy.sh'), 0o755);
  return dir;
}

async function step(script: string, cwd: string, env: Record<string, string>) {
  try {
    const out = await run('bash', ['-e', '-c', script], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, out: out.stdout + out.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const CIS: { name: string; steps: () => Steps; env: Record<string, string> }[] = [
  {
    name: 'GitHub Actions',
    steps: githubSteps,
    env: { GITHUB_RUN_ID: '4711', GITHUB_RUN_ATTEMPT: '1', RUN_URL: 'https://github.example/runs/4711' },
  },
  {
    name: 'GitLab CI',
    steps: gitlabSteps,
    env: { CI_JOB_ID: '815', CI_JOB_URL: 'https://gitlab.example/jobs/815', CI_JOB_STATUS: 'failed' },
  },
  {
    name: 'Jenkins',
    steps: jenkinsSteps,
    env: { BUILD_TAG: 'jenkins-pay-12', BUILD_URL: 'https://jenkins.example/job/pay/12/' },
  },
];

describe('docs/pipeline.md: the documented steps, run against a running golive', () => {
  it("README's GitHub Actions example runs the same steps as the one tested here", () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Connect your pipeline'));
    const yaml = section.slice(
      section.indexOf('```yaml\njobs:') + 8,
      section.indexOf('\n```', section.indexOf('```yaml\njobs:')),
    );
    const steps = parse(yaml).jobs.deploy.steps as { name?: string; run?: string }[];
    const documented = githubSteps();
    expect(steps.find((s) => s.name === 'Wait for golive approval')?.run).toBe(documented.wait);
    expect(steps.find((s) => s.name === 'Deploy')?.run).toBe(documented.deploy);
  });

  for (const ci of CIS)
    it(`${ci.name}: waits while not approved, deploys and reports once approved, reports a failed deploy`, async () => {
      const s = await scenarios.start(apiConfig(), mountApi);
      const steps = ci.steps();
      expect(steps.wait).toContain('/api/v1/gate');
      const env = (version: string) => ({
        ...ci.env,
        GOLIVE_URL: baseOf(s),
        GOLIVE_TOKEN: PAY_TOKEN,
        GOLIVE_SYSTEM: 'pay',
        VERSION: version,
        GOLIVE_POLL_SECONDS: '0.2',
        GOLIVE_WAIT_SECONDS: '0',
      });
      const plan = (title: string, tag: string) => ({
        title,
        system: 'pay',
        tester: ['U_BOB'],
        director: 'U_DAVE',
        window_start: unixTime('2026-11-24T02:00:00Z'),
        window_end: unixTime('2026-11-24T04:00:00Z'),
        repo_tag: tag,
      });

      // Not approved: the wait gives up (here at once) and shows golive's reasons.
      await newRelease(s.slack, 'normal', plan('Card vault', 'v1.2.0'));
      const ok = workspace(true);
      const waiting = await step(steps.wait, ok, env('v1.2.0'));
      expect(waiting.code).not.toBe(0);
      expect(waiting.out).toContain('"code":"not_approved"');
      expect(waiting.out).toContain('golive: not approved in time');

      // Approved: the wait passes, the deploy runs and is reported.
      await toLaunch(s, 'REL-1');
      expect((await step(steps.wait, ok, env('v1.2.0'))).code).toBe(0);
      expect(readFileSync(join(ok, 'golive-release'), 'utf8').trim()).toBe('REL-1');
      const deployed = await step(steps.deploy, ok, env('v1.2.0'));
      expect(deployed.out).toContain('deploying v1.2.0');
      expect(deployed.code).toBe(0);
      expect(await s.t.store.load('REL-1')).toMatchObject({ stage: 'production_verification' });
      const events = await s.t.store.events('REL-1');
      expect(events.filter((e) => e.actor.platform === 'pipeline').map((e) => e.what)).toEqual([
        'deploy_started',
        'launch_complete',
      ]);

      // A deploy that fails: the failure step reports it, and the release is back at fixing.
      await newRelease(s.slack, 'normal', plan('Refund API', 'v2.0.0'));
      await toLaunch(s, 'REL-2');
      const bad = workspace(false);
      expect((await step(steps.wait, bad, env('v2.0.0'))).code).toBe(0);
      expect((await step(steps.deploy, bad, env('v2.0.0'))).code).not.toBe(0);
      expect((await step(steps.failed, bad, env('v2.0.0'))).code).toBe(0);
      expect(await s.t.store.load('REL-2')).toMatchObject({ stage: 'fixing', loops: { launch_failed: 1 } });
    });
});
