import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The bot's one HTTP listener: the platform endpoints (`/slack/events`, `/feishu/events`), `/healthz`,
 * `/readyz` and `/metrics` share `PORT` with the web pages and the pipeline API, so one load balancer
 * target serves everything.
 *
 * Two kinds of route:
 * - `route()`: a raw Node handler that reads the request itself. The platform endpoints are these: they
 *   must see the body byte for byte (signatures are over the raw body) and answer within the
 *   platform's 3 s, so nothing parses or buffers before them.
 * - `app`: a Fastify instance for everything else (pages, JSON APIs), with its schema validation,
 *   plugins, hooks and 404 handling. It owns the listener; raw routes are looked up first.
 */
export interface HttpServer {
  /** `surface` names the route in `golive_requests_total` (`slack`, `feishu`, `ops`); unnamed ones are not counted. */
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler, surface?: string): void;
  /** Register framework routes and plugins here, before `listen`. */
  readonly app: WebApp;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  readonly server: Server;
}

/** The Fastify instance of the listener, typed with our logger. */
export type WebApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>;

/** A URL as logged: the secret of a `token=` query (the iCal feed's) left out. */
const logged = (url: string) => url.replace(/([?&]token=)[^&]*/gi, '$1…');

/** Per-request lines at debug, not info (a line per click and poll is noise); errors keep their level. */
class QuietRequests extends LogController {
  override incomingRequest(request: Parameters<LogController['incomingRequest']>[0]): void {
    request.log.debug({ method: request.method, url: logged(request.url) }, 'incoming request');
  }
  override requestCompleted(
    error: Error | null | undefined,
    request: Parameters<LogController['requestCompleted']>[1],
    reply: Parameters<LogController['requestCompleted']>[2],
  ): void {
    if (error) reply.log.error({ err: error, url: logged(request.url) }, 'request errored');
    else reply.log.debug({ status: reply.statusCode, ms: reply.elapsedTime }, 'request completed');
  }
}

export function createHttpServer(log: Logger, opts: { metrics?: Metrics } = {}): HttpServer {
  const routes = new Map<string, RouteHandler>();
  const raw = (req: IncomingMessage, res: ServerResponse, handler: RouteHandler, path: string) =>
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        log.error({ err, path }, 'request handler failed');
        opts.metrics?.unexpectedErrors.inc({ source: 'http' });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end();
      });
  let server: Server | undefined;
  const app: WebApp = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new QuietRequests(),
    // Fastify's documented way to share a Node server with handlers of one's own.
    serverFactory: (fastifyHandler) => {
      server = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const handler = routes.get(`${req.method} ${path}`);
        if (handler) void raw(req, res, handler, path);
        else fastifyHandler(req, res);
      });
      // Idle keep-alive sockets stay open longer than clients and load balancers keep theirs (ALB: 60 s,
      // undici: 4 s), so the client always closes first: a server closing first races the client's next
      // request on that socket and the client sees ECONNRESET. close() ends them all at shutdown.
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      return server;
    },
  });
  const listener = (): Server => {
    if (!server) throw new Error('Fastify did not build its server');
    return server;
  };
  return {
    app,
    get server() {
      return listener();
    },
    route(method, path, handler, surface) {
      const requests = surface ? opts.metrics?.requests : undefined;
      routes.set(
        `${method} ${path}`,
        requests
          ? (req, res) => {
              res.once('finish', () => requests.inc({ surface, status: String(res.statusCode) }));
              return handler(req, res);
            }
          : handler,
      );
    },
    async listen(port, host = '0.0.0.0') {
      await app.listen({ port, host });
      const addr = listener().address();
      return typeof addr === 'object' && addr ? addr.port : port;
    },
    async close() {
      listener().closeAllConnections();
      await app.close();
    },
  };
}
