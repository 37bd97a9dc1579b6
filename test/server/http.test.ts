import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createHttpServer, type HttpServer } from '../../src/server/http.js';

let http: HttpServer | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

describe('the one listener', () => {
  it('serves raw platform routes with the body untouched and framework routes beside them', async () => {
    http = createHttpServer(createLogger({ level: 'silent' }));
    // A platform endpoint signs the exact bytes: nothing may parse or re-encode them before it.
    http.route('POST', '/raw', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.writeHead(200).end(`raw:${Buffer.concat(chunks).toString('utf8')}`));
    });
    http.app.post('/json', async (req) => ({ got: req.body }));
    const port = await http.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const body = '{"a":  1,\n "b":"x"}';
    const raw = await fetch(`${base}/raw?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(await raw.text()).toBe(`raw:${body}`);
    const json = await fetch(`${base}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(await json.json()).toEqual({ got: { a: 1, b: 'x' } });
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });

  it('answers 500 and logs when a raw handler throws, and keeps serving', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'error', destination: { write: (l: string) => lines.push(l) } });
    http = createHttpServer(log);
    http.route('GET', '/boom', () => {
      throw new Error('kaboom');
    });
    http.route('GET', '/fine', (_req, res) => void res.writeHead(200).end('fine'));
    const port = await http.listen(0, '127.0.0.1');
    expect((await fetch(`http://127.0.0.1:${port}/boom`)).status).toBe(500);
    expect(await (await fetch(`http://127.0.0.1:${port}/fine`)).text()).toBe('fine');
    expect(lines.join('')).toContain('kaboom');
  });
});
