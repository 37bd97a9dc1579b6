import fastifyCookie from '@fastify/cookie';
import type { Agenda } from 'agenda';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BoardReader } from '../../src/board/reader.js';
import type { FlowSpec } from '../../src/flow/schema.js';
import type { Metrics } from '../../src/observability/metrics.js';
import type { WebApp } from '../../src/server/http.js';
import { registerCalendar } from './calendar-page.js';
import { registerJobs } from './jobs.js';
import { registerMetrics } from './metrics-page.js';
import { registerReleasePages } from './pages.js';
import { localeOf, NEXT_COOKIE, pageContext, SESSION_COOKIE, sendPage } from './request.js';
import { registerSignIn } from './sign-in.js';
import { BOARD_CSS } from './style.js';
import { tr } from './texts.js';
import { renderNotice } from './views/page.js';

export interface BoardOptions {
  reader: BoardReader;
  flows: readonly FlowSpec[];
  metrics: Metrics;
  /** Agenda, for the jobs page (Agendash); absent, the board has none. */
  agenda?: Agenda;
  /** The board's URL is https: cookies are sent only over HTTPS. */
  secureCookies: boolean;
  /** How long a session lasts, in hours. */
  sessionHours: number;
}

/** Pages anyone may open: the sign-in link's page and the style sheet. */
const PUBLIC = /^\/board\/(sign-in\/|static\/)/;

/** Pages show nothing from elsewhere and run no script; Agendash (its own policy) is the exception. */
const PAGE_POLICY =
  "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

async function authenticate(req: FastifyRequest, reply: FastifyReply, o: BoardOptions) {
  const secret = req.cookies[SESSION_COOKIE];
  const session = secret ? await o.reader.session(secret) : null;
  req.viewer = session?.viewer ?? null;
  req.locale = localeOf(req, reply, o.reader, session?.viewer.person);
  if (req.viewer || PUBLIC.test(req.url)) return undefined;
  // A POST from another site (a forged form) never gets this far signed in: SameSite=Lax keeps the cookie off it.
  const l = req.locale;
  if (req.method === 'GET')
    reply.setCookie(NEXT_COOKIE, req.url, {
      path: '/board',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: 15 * 60,
    });
  return sendPage(
    reply,
    renderNotice(pageContext(req, o.reader), tr(l, secret ? 'session_ended' : 'sign_in_needed'), [
      tr(l, 'sign_in_needed_body'),
      tr(l, 'how_to_get_link'),
    ]),
    401,
  );
}

/**
 * The release board: read-only pages on the listener's Fastify, under /board. Every page needs a session
 * from a sign-in link (`/release board` in chat); admins see every release and the jobs page, others
 * their teams' releases and those they take part in. Pages are rendered on the server (Preact's
 * renderToString, which escapes all text) and work without JavaScript; charts are SVG drawn on the server.
 */
export async function registerBoard(app: WebApp, o: BoardOptions): Promise<void> {
  await app.register(
    async (board: FastifyInstance) => {
      await board.register(fastifyCookie);
      // The board's own forms (sign in, sign out) carry nothing in their bodies: read and ignored.
      board.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 4096 },
        (_req, _body, done) => done(null, {}),
      );
      board.decorateRequest('viewer', null);
      board.decorateRequest('locale', 'zh-CN');
      board.addHook('onRequest', async (req, reply) => {
        // Forms of other sites may not post here (sign-in, sign-out, the jobs page's actions).
        if (req.method === 'POST' && req.headers['sec-fetch-site'] === 'cross-site')
          return reply.code(403).type('text/plain').send('cross-site request refused');
        return authenticate(req, reply, o);
      });
      board.addHook('onSend', async (req, reply, payload) => {
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
        if (!req.url.startsWith('/board/jobs')) reply.header('content-security-policy', PAGE_POLICY);
        return payload;
      });
      board.addHook('onResponse', async (_req, reply) => {
        o.metrics.requests.inc({ surface: 'board', status: String(reply.statusCode) });
      });
      board.setNotFoundHandler((req, reply) => {
        const l = req.locale ?? o.reader.config.locale;
        return sendPage(
          reply,
          renderNotice(pageContext(req, o.reader), tr(l, 'not_found_title'), [], {
            href: '/board/releases',
            label: tr(l, 'back_to_list'),
          }),
          404,
        );
      });
      board.get('/static/board.css', async (_req, reply) =>
        reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(BOARD_CSS),
      );
      registerSignIn(board, {
        reader: o.reader,
        secureCookies: o.secureCookies,
        sessionHours: o.sessionHours,
      });
      registerReleasePages(board, { reader: o.reader, flows: o.flows });
      registerCalendar(board, o.reader);
      registerMetrics(board, o.reader);
      if (o.agenda) await registerJobs(board, o.reader, o.agenda);
    },
    { prefix: '/board' },
  );
}
