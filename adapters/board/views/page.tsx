import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Viewer } from '../../../src/board/visibility.js';
import type { Locale } from '../../../src/i18n/text.js';
import { type BoardTextKey, tr } from '../texts.js';

/** What every page knows: the reader's language, who is signed in, and where the page is. */
export interface PageContext {
  locale: Locale;
  viewer?: Viewer & { name: string };
  /** The page's path and query, for the language switch. */
  url: string;
  section?: 'releases' | 'calendar' | 'metrics' | 'jobs';
}

/** The same page in the other language (`?lang=`; the choice is remembered in a cookie). */
export function otherLanguageUrl(url: string, locale: Locale): string {
  const u = new URL(url, 'http://board.invalid');
  u.searchParams.set('lang', locale === 'zh-CN' ? 'en' : 'zh-CN');
  return `${u.pathname}${u.search}`;
}

function Nav({ ctx }: { ctx: PageContext }) {
  const link = (section: NonNullable<PageContext['section']>, href: string, key: BoardTextKey) => (
    <a href={href} class={ctx.section === section ? 'current' : undefined}>
      {tr(ctx.locale, key)}
    </a>
  );
  return (
    <header class="top">
      <a class="brand" href="/board/releases">
        golive · {tr(ctx.locale, 'board')}
      </a>
      {ctx.viewer && (
        <nav>
          {link('releases', '/board/releases', 'nav_releases')}
          {link('calendar', '/board/calendar', 'nav_calendar')}
          {link('metrics', '/board/metrics', 'nav_metrics')}
          {ctx.viewer.admin && link('jobs', '/board/jobs/', 'nav_jobs')}
        </nav>
      )}
      <div class="who">
        <a href={otherLanguageUrl(ctx.url, ctx.locale)} lang={ctx.locale === 'zh-CN' ? 'en' : 'zh-CN'}>
          {tr(ctx.locale, 'language')}
        </a>
        {ctx.viewer && (
          <>
            <span class="name">
              {ctx.viewer.name}
              {ctx.viewer.admin && <small> · {tr(ctx.locale, 'admin')}</small>}
            </span>
            <form method="post" action="/board/sign-out">
              <button type="submit" class="link">
                {tr(ctx.locale, 'sign_out')}
              </button>
            </form>
          </>
        )}
      </div>
    </header>
  );
}

/** A whole HTML page: the header with navigation, then `children`. Printing shows only the content. */
export function renderPage(
  ctx: PageContext,
  title: string,
  children: ComponentChildren,
  bodyClass?: string,
): string {
  const html = renderToString(
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${title} · golive`}</title>
        <link rel="stylesheet" href="/board/static/board.css" />
      </head>
      <body class={bodyClass}>
        <Nav ctx={ctx} />
        <main>{children}</main>
      </body>
    </html>,
  );
  return `<!doctype html>\n${html}`;
}

/** A page that only says something: a refused link, a 403, a 404, signed out. */
export function renderNotice(
  ctx: PageContext,
  title: string,
  lines: string[],
  action?: { href: string; label: string },
): string {
  return renderPage(
    ctx,
    title,
    <section class="notice">
      <h1>{title}</h1>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {action && (
        <p>
          <a href={action.href}>{action.label}</a>
        </p>
      )}
    </section>,
  );
}
