import { WebSocketServer } from 'ws';

/**
 * A loopback WebSocket server standing in for the socket a platform hands out (Slack's Socket Mode
 * URL, Feishu's long-connection URL). `onConnect` speaks first (Slack's `hello`); the server counts
 * who connected and can drop them all.
 */
export async function startSocketServer(onConnect: (send: (text: string) => void) => void = () => {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  let connections = 0;
  server.on('connection', (socket) => {
    connections += 1;
    // A client may send frames (pings); nothing here needs them answered.
    socket.on('error', () => undefined);
    onConnect((text) => socket.send(text));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path = '/link') => `ws://127.0.0.1:${port}${path}`,
    connections: () => connections,
    async close(): Promise<void> {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
