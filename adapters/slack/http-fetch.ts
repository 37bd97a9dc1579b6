import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Statuses whose response may not carry a body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * The `fetch` the Slack SDK makes its Web API and response_url calls with: node:http(s) on keep-alive
 * agents. Node 20's global fetch (undici behind web streams) took about three times the CPU per call,
 * and each decision makes several calls on the event loop that also acknowledges clicks. Bodies other
 * than text (file uploads, which golive does not make) go to the global fetch unchanged.
 */
export function createSlackFetch(): typeof fetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };
  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    if (input instanceof Request || (body != null && typeof body !== 'string'))
      return globalThis.fetch(input, init);
    const url = new URL(input);
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return globalThis.fetch(input, init);
    const options = {
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string> | undefined,
      agent: agents[secure ? 'https:' : 'http:'],
      ...(init?.signal ? { signal: init.signal } : {}),
    };
    const res = await send(secure ? httpsRequest : httpRequest, url, options, body ?? undefined);
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const status = res.statusCode ?? 0;
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
      headers.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
    return new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), {
      status,
      statusText: res.statusMessage ?? '',
      headers,
    });
  }) as typeof fetch;
}

type Send = typeof httpRequest;

/**
 * One request. A kept-alive socket the server closed while idle fails with ECONNRESET as soon as it is
 * reused; the request never reached the server, so it goes again on another socket (as Node's docs
 * advise) instead of failing the call into the SDK's retry, which waits a second or more.
 */
function send(
  request: Send,
  url: URL,
  options: RequestOptions,
  body: string | undefined,
  attempt = 1,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, options, resolve);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (req.reusedSocket && err.code === 'ECONNRESET' && attempt < 3)
        resolve(send(request, url, options, body, attempt + 1));
      else reject(err);
    });
    req.end(body);
  });
}
