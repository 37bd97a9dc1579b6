import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { newRelease, slackScenarios, unixTime } from '../slack/scenario.js';
import { apiConfig, baseOf, call, type Json, mountApi, PAY_TOKEN, toLaunch } from './support.js';

const scenarios = slackScenarios();

describe('pipeline API: the OpenAPI document', () => {
  it('is OpenAPI 3.1, and every real answer of every endpoint matches the schema it documents', async () => {
    const s = await scenarios.start(apiConfig(), mountApi);
    const base = baseOf(s);
    const doc = await call(base, '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths)).toEqual([
      '/api/v1/releases/{id}',
      '/api/v1/gate',
      '/api/v1/releases/{id}/deployments',
    ]);

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ ...doc.json, $id: 'https://golive.local/openapi.json' });
    /** Checks an answer against the schema the document gives for that path, method and status. */
    const check = (path: string, method: 'get' | 'post', answer: { status: number; json: Json }) => {
      const response = doc.json.paths[path][method].responses[String(answer.status)];
      expect(response, `${method} ${path} documents ${answer.status}`).toBeDefined();
      const ref: string = response.content['application/json'].schema.$ref;
      const validate = ajv.getSchema(`https://golive.local/openapi.json${ref}`);
      if (!validate) throw new Error(`no schema ${ref}`);
      expect(validate(answer.json), JSON.stringify(validate.errors)).toBe(true);
    };

    await newRelease(s.slack, 'normal', {
      title: 'Card vault',
      system: 'pay',
      tester: ['U_BOB'],
      director: 'U_DAVE',
      window_start: unixTime('2026-11-24T02:00:00Z'),
      window_end: unixTime('2026-11-24T04:00:00Z'),
      repo_tag: 'v1.2.0',
    });
    await newRelease(s.slack, 'normal', {
      title: 'Banner',
      system: 'shop',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    const release = '/api/v1/releases/{id}';
    check(release, 'get', await call(base, '/api/v1/releases/REL-1', { token: PAY_TOKEN }));
    check(release, 'get', await call(base, '/api/v1/releases/REL-1'));
    check(release, 'get', await call(base, '/api/v1/releases/REL-2', { token: PAY_TOKEN }));
    check(release, 'get', await call(base, '/api/v1/releases/REL-9', { token: PAY_TOKEN }));

    const gate = '/api/v1/gate';
    check(gate, 'get', await call(base, '/api/v1/gate?system=pay&version=v1.2.0', { token: PAY_TOKEN }));
    check(gate, 'get', await call(base, '/api/v1/gate?system=pay&version=v9', { token: PAY_TOKEN }));
    check(gate, 'get', await call(base, '/api/v1/gate?version=v9', { token: PAY_TOKEN }));
    check(gate, 'get', await call(base, '/api/v1/gate?system=shop', { token: PAY_TOKEN }));

    const deployments = '/api/v1/releases/{id}/deployments';
    const post = (body: unknown, key?: string) =>
      call(base, '/api/v1/releases/REL-1/deployments', {
        token: PAY_TOKEN,
        method: 'POST',
        body,
        ...(key ? { key } : {}),
      });
    check(deployments, 'post', await post({ status: 'started' }, 'too-early'));
    await toLaunch(s, 'REL-1');
    const open = await call(base, '/api/v1/gate?system=pay&version=v1.2.0', { token: PAY_TOKEN });
    expect(open.status).toBe(200);
    check(gate, 'get', open);
    check(deployments, 'post', await post({ status: 'started' }));
    check(deployments, 'post', await post({ status: 'nope' }, 'bad'));
    const done = await post(
      { status: 'succeeded', version: 'v1.2.0', url: 'https://ci.example/1', notes: 'ok' },
      'ok',
    );
    expect(done.status).toBe(200);
    check(deployments, 'post', done);
    check(
      deployments,
      'post',
      await post({ status: 'succeeded', version: 'v1.2.0', url: 'https://ci.example/1', notes: 'ok' }, 'ok'),
    );
  });
});
