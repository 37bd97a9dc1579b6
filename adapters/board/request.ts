import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BoardReader } from '../../src/board/reader.js';
import type { Viewer } from '../../src/board/visibility.js';
import { LOCALES, type Locale } from '../../src/i18n/text.js';
import { timeFormat } from './views/format.js';
import type { PageContext } from './views/page.js';

export const SESSION_COOKIE = 'golive_board';
export const LANG_COOKIE = 'golive_board_lang';
/** Where a signed-out visitor wanted to go: the sign-in link brings them there. */
export const NEXT_COOKIE = 'golive_board_next';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is signed in (set by the board's authentication hook), null for the sign-in pages. */
    viewer: Viewer | null;
    /** The language the page is shown in. */
    locale: Locale;
  }
}

const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/**
 * The page's language: `?lang=` (remembered in a cookie), else the cookie, else the person's own from the
 * config, else the team's.
 */
export function localeOf(
  req: FastifyRequest,
  reply: FastifyReply,
  reader: BoardReader,
  person?: string,
): Locale {
  const asked = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(asked)) {
    reply.setCookie(LANG_COOKIE, asked, {
      path: '/board',
      sameSite: 'lax',
      httpOnly: true,
      maxAge: 365 * 86_400,
    });
    return asked;
  }
  const kept = req.cookies[LANG_COOKIE];
  if (isLocale(kept)) return kept;
  return person ? reader.directory.localeOf(person, reader.config.locale) : reader.config.locale;
}

export function pageContext(
  req: FastifyRequest,
  reader: BoardReader,
  section?: PageContext['section'],
): PageContext {
  const v = req.viewer;
  return {
    locale: req.locale,
    url: req.url,
    ...(v ? { viewer: { ...v, name: reader.directory.displayName(v.person) } } : {}),
    ...(section ? { section } : {}),
  };
}

export function timeOf(req: FastifyRequest, reader: BoardReader) {
  return timeFormat(reader.config.timezone, req.locale, reader.now());
}

/** Sends a rendered page: HTML, not cached (pages show who is signed in), with `status`. */
export function sendPage(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** A query parameter as one trimmed string ('' when absent or repeated oddly). */
export function param(req: FastifyRequest, name: string): string {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
}
