import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long the rest of a too-large body is read (and dropped) after the 413, before the socket is cut. */
const DRAIN_MS = 5_000;

/**
 * The whole body of a raw-route request, or undefined once the request has been answered: 413 when it
 * grows past `limitBytes`. The 413 goes out while the client is still sending, with `Connection:
 * close`, and the rest of the body is read and dropped (for at most a few seconds): a socket destroyed
 * mid-upload makes the client see a connection reset instead of the answer.
 *
 * Read with 'data' events: `for await` over the request built an async iterator and a promise per
 * chunk for every request, on the loop that acknowledges clicks.
 */
export function readLimitedBody(
  req: IncomingMessage,
  res: ServerResponse,
  limitBytes: number,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      over = true;
      chunks.length = 0;
      res.writeHead(413, { connection: 'close', 'content-type': 'text/plain; charset=utf-8' });
      res.end(`request body over ${limitBytes} bytes`);
      const cut = setTimeout(() => req.destroy(), DRAIN_MS);
      cut.unref();
      res.once('close', () => clearTimeout(cut));
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (over) return;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.once('error', (err) => (over ? undefined : reject(err)));
    // A client that hangs up mid-body gets neither 'end' nor 'error'.
    req.once('close', () => {
      if (!over && !req.complete) reject(new Error('request closed before its body was complete'));
    });
  });
}
