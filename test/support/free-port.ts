import { createServer } from 'node:net';

/** A free loopback port, for a process that must listen where its clients already point (a fixed URL). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}
