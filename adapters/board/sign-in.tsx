import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BoardReader } from '../../src/board/reader.js';
import type { SignInCheck } from '../../src/store/port.js';
import { NEXT_COOKIE, pageContext, SESSION_COOKIE, sendPage } from './request.js';
import { tr } from './texts.js';
import { renderNotice, renderPage } from './views/page.js';

export interface SignInOptions {
  reader: BoardReader;
  /** Cookies only over HTTPS (the board's URL is https). */
  secureCookies: boolean;
  sessionHours: number;
}

/** The page a refused link shows: why, and how to get a new one. */
function refused(
  req: FastifyRequest,
  reply: FastifyReply,
  reader: BoardReader,
  why: Exclude<SignInCheck, { ok: true }>['reason'],
) {
  const l = req.locale;
  const ctx = pageContext(req, reader);
  const title = tr(l, `link_${why}`);
  return sendPage(
    reply,
    renderNotice(ctx, title, [tr(l, `link_${why}_body`), tr(l, 'how_to_get_link')]),
    why === 'unknown' ? 404 : 410,
  );
}

/** A path on the board to go to after signing in; anything else (another site, `//…`) is not. */
export function safeNext(value: string | undefined): string {
  return value && /^\/board\/[^/\\]/.test(value) && !value.startsWith('/board/sign-')
    ? value
    : '/board/releases';
}

/**
 * Signing in and out. A link from `/release board` opens a page that asks to sign in, and only that
 * page's button (a POST) uses the link: chat apps and mail scanners that fetch links to preview them do
 * not use it up. Using it starts a session (an httpOnly, SameSite=Lax cookie holding a random secret; the
 * store keeps its hash) and goes where the visitor was sent to sign in from, or to the releases.
 */
export function registerSignIn(board: FastifyInstance, o: SignInOptions): void {
  const { reader } = o;
  board.get<{ Params: { token: string } }>('/sign-in/:token', async (req, reply) => {
    const check = await reader.checkLink(req.params.token);
    if (!check.ok) return refused(req, reply, reader, check.reason);
    const l = req.locale;
    const ctx = pageContext(req, reader);
    const name = reader.directory.displayName(check.person);
    return sendPage(
      reply,
      renderPage(
        ctx,
        tr(l, 'sign_in_title'),
        <section class="notice">
          <h1>{tr(l, 'sign_in_title')}</h1>
          <p>{tr(l, 'sign_in_as', { name })}</p>
          <form method="post" action={`/board/sign-in/${encodeURIComponent(req.params.token)}`}>
            <button type="submit">{tr(l, 'sign_in_button')}</button>
          </form>
          <p class="muted">{tr(l, 'sign_in_once', { hours: o.sessionHours })}</p>
        </section>,
      ),
    );
  });

  board.post<{ Params: { token: string } }>('/sign-in/:token', async (req, reply) => {
    const used = await reader.redeemLink(req.params.token);
    if (!used.ok) return refused(req, reply, reader, used.reason);
    reply.setCookie(SESSION_COOKIE, used.session.secret, {
      path: '/board',
      httpOnly: true,
      sameSite: 'lax',
      secure: o.secureCookies,
      expires: new Date(used.session.expiresAt),
    });
    const next = safeNext(req.cookies[NEXT_COOKIE]);
    reply.clearCookie(NEXT_COOKIE, { path: '/board' });
    return reply.redirect(next, 303);
  });

  board.post('/sign-out', async (req, reply) => {
    const secret = req.cookies[SESSION_COOKIE];
    if (secret) await reader.signOut(secret);
    reply.clearCookie(SESSION_COOKIE, {
      path: '/board',
      httpOnly: true,
      sameSite: 'lax',
      secure: o.secureCookies,
    });
    req.viewer = null;
    const l = req.locale;
    return sendPage(
      reply,
      renderNotice(pageContext(req, reader), tr(l, 'session_ended'), [tr(l, 'how_to_get_link')]),
    );
  });
}
