import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackFetch } from '../../adapters/slack/http-fetch.js';

let server: Server | undefined;
afterEach(async () => {
  const open = server;
  server = undefined;
  if (!open) return;
  open.closeAllConnections();
  await new Promise((resolve) => open.close(resolve));
});

/** A loopback server that echoes what it got and answers with the status the path asks for. */
async function echo(): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = Number(req.url?.slice(1)) || 200;
      const headers = { 'content-type': 'application/json', 'retry-after': '7' };
      if (status === 204) return void res.writeHead(204, headers).end();
      res.writeHead(status, headers).end(
        JSON.stringify({
          method: req.method,
          type: req.headers['content-type'],
          auth: req.headers.authorization,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('the fetch the Slack SDK calls through', () => {
  it('sends method, headers and body, and answers status, headers and body like fetch', async () => {
    const base = await echo();
    const fetchFn = createSlackFetch();
    for (let i = 0; i < 3; i++) {
      const res = await fetchFn(`${base}/200`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-1' },
        body: `channel=C1&text=hello+${i}`,
      });
      expect(res.ok).toBe(true);
      expect(await res.json()).toEqual({
        method: 'POST',
        type: 'application/x-www-form-urlencoded',
        auth: 'Bearer xoxb-1',
        body: `channel=C1&text=hello+${i}`,
      });
    }
    const limited = await fetchFn(`${base}/429`, { method: 'POST', body: '{}' });
    expect(limited.status).toBe(429);
    expect(limited.ok).toBe(false);
    expect(limited.headers.get('Retry-After')).toBe('7');
    const empty = await fetchFn(`${base}/204`, { method: 'POST', body: '{}' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('sends again on a new connection when a kept-alive one turns out closed by the server', async () => {
    let requests = 0;
    server = createServer((req, res) => {
      requests++;
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      // What a server's idle timeout looks like to a client reusing the connection: reset, no answer.
      if (socket.served > 1) return void socket.destroy();
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/chat.update`;
    const fetchFn = createSlackFetch();
    for (let i = 0; i < 3; i++)
      expect(await (await fetchFn(url, { method: 'POST', body: `n=${i}` })).json()).toEqual({ ok: true });
    expect(requests).toBe(5);
  });

  it('fails like fetch when nobody listens', async () => {
    const base = await echo();
    const open = server;
    server = undefined;
    open?.closeAllConnections();
    await new Promise((resolve) => open?.close(resolve));
    await expect(createSlackFetch()(`${base}/200`, { method: 'POST', body: 'x' })).rejects.toThrow();
  });
});
