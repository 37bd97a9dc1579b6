import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * Whether this host can open a connection to the server of a WebSocket URL (TLS for wss): what a
 * firewall or proxy blocks. No WebSocket is opened, so the platform hands the doctor no events meant
 * for a running golive.
 */
export function reachable(url: string, timeoutMs = 10_000): Promise<void> {
  const u = new URL(url);
  const secure = u.protocol === 'wss:' || u.protocol === 'https:';
  const port = Number(u.port) || (secure ? 443 : 80);
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tlsConnect({ host: u.hostname, port, servername: u.hostname }, () => done())
      : tcpConnect({ host: u.hostname, port }, () => done());
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once('error', (err) => done(err));
    function done(err?: Error) {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    }
  });
}
