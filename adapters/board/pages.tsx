import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  buildDocument,
  DOCUMENT_KINDS,
  type DocumentKind,
  deploymentsTable,
} from '../../src/board/documents.js';
import type { BoardReader, ReleaseLookup } from '../../src/board/reader.js';
import { releaseFacts } from '../../src/board/release-facts.js';
import { timeline } from '../../src/board/timeline.js';
import { parseDay } from '../../src/board/weeks.js';
import { releaseIdOf } from '../../src/domain/release-id.js';
import type { ReleaseStatus } from '../../src/domain/types.js';
import type { FlowSpec } from '../../src/flow/schema.js';
import type { ReleaseSearch } from '../../src/store/port.js';
import { pageContext, param, sendPage, timeOf } from './request.js';
import { tr } from './texts.js';
import { DocumentPage } from './views/document.js';
import { renderNotice, renderPage } from './views/page.js';
import { ReleasePage } from './views/release.js';
import { type ListFilters, type ListRow, ReleaseList } from './views/releases.js';

/** Releases a list page shows. */
const PAGE_SIZE = 25;
const STATUSES: ReleaseStatus[] = ['active', 'done', 'rejected', 'withdrawn', 'cancelled'];

/** The list's filters from the query string, and the store search they make. */
function filtersOf(
  req: FastifyRequest,
  reader: BoardReader,
): { form: ListFilters; search: Omit<ReleaseSearch, 'visibleTo'> } {
  const tz = reader.config.timezone;
  const form: ListFilters = {
    q: param(req, 'q'),
    status: STATUSES.includes(param(req, 'status') as ReleaseStatus) ? param(req, 'status') : '',
    system: param(req, 'system'),
    flow: param(req, 'flow'),
    requester: param(req, 'requester'),
    approver: param(req, 'approver'),
    date: param(req, 'date') === 'launched' ? 'launched' : 'created',
    from: parseDay(param(req, 'from'), tz) ? param(req, 'from') : '',
    to: parseDay(param(req, 'to'), tz) ? param(req, 'to') : '',
  };
  const from = parseDay(form.from, tz);
  const to = parseDay(form.to, tz);
  // "To" is the whole day: up to the next midnight.
  const toEnd = to ? new Date(to.getTime() + 24 * 3_600_000) : undefined;
  const after = /^(\d{10,16})\.(\d{1,9})$/.exec(param(req, 'after'));
  return {
    form,
    search: {
      limit: PAGE_SIZE,
      ...(form.q ? { text: form.q } : {}),
      ...(form.status ? { status: [form.status as ReleaseStatus] } : {}),
      ...(form.system ? { system: form.system } : {}),
      ...(form.flow ? { flowId: form.flow } : {}),
      ...(form.requester ? { requester: form.requester } : {}),
      ...(form.approver ? { decider: form.approver } : {}),
      dateField: form.date,
      ...(from ? { from: from.toISOString() } : {}),
      ...(toEnd ? { to: toEnd.toISOString() } : {}),
      ...(after
        ? { after: { createdAt: new Date(Number(after[1])).toISOString(), number: Number(after[2]) } }
        : {}),
    },
  };
}

function queryString(form: ListFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...form, ...extra }))
    if (v && !(k === 'date' && v === 'created')) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface PagesOptions {
  reader: BoardReader;
  flows: readonly FlowSpec[];
}

/** A release the viewer may see, or the page saying why not (404, 403). */
async function lookup(
  req: FastifyRequest,
  reply: FastifyReply,
  reader: BoardReader,
  raw: string,
): Promise<(ReleaseLookup & { found: true }) | undefined> {
  const l = req.locale;
  const id = releaseIdOf(raw) ?? raw.slice(0, 30);
  const viewer = req.viewer;
  const found = viewer ? await reader.release(viewer, id) : ({ found: false, why: 'forbidden' } as const);
  if (found.found) return found;
  const ctx = pageContext(req, reader, 'releases');
  const back = { href: '/board/releases', label: tr(l, 'back_to_list') };
  if (found.why === 'missing')
    sendPage(
      reply,
      renderNotice(ctx, tr(l, 'not_found_title'), [tr(l, 'not_found_release', { id })], back),
      404,
    );
  else
    sendPage(
      reply,
      renderNotice(ctx, tr(l, 'forbidden_title'), [tr(l, 'forbidden_release', { id })], back),
      403,
    );
  return undefined;
}

/** The releases list, a release's page and its documents. */
export function registerReleasePages(board: FastifyInstance, o: PagesOptions): void {
  const { reader } = o;
  board.get('/', async (_req, reply) => reply.redirect('/board/releases', 302));

  board.get('/releases', async (req, reply) => {
    const viewer = req.viewer;
    if (!viewer) return reply.code(401).send();
    const { form, search } = filtersOf(req, reader);
    const page = await reader.search(viewer, search);
    const rows: ListRow[] = [];
    for (const release of page.releases)
      rows.push({ release, present: reader.present(await reader.flowOf(release), req.locale) });
    const next = page.next;
    const ctx = pageContext(req, reader, 'releases');
    const people = reader.config.people.map((p) => ({ id: p.id, name: p.name }));
    const html = renderPage(
      ctx,
      tr(req.locale, 'releases_title'),
      <ReleaseList
        ctx={ctx}
        filters={form}
        rows={rows}
        total={page.total}
        capped={page.totalCapped === true}
        {...(next
          ? {
              olderHref: `/board/releases${queryString(form, { after: `${Date.parse(next.createdAt)}.${next.number}` })}`,
            }
          : {})}
        {...(search.after ? { newestHref: `/board/releases${queryString(form)}` } : {})}
        flows={o.flows}
        people={people}
        time={timeOf(req, reader)}
      />,
    );
    return sendPage(reply, html);
  });

  board.get<{ Params: { id: string } }>('/releases/:id', async (req, reply) => {
    const found = await lookup(req, reply, reader, req.params.id);
    if (!found) return reply;
    const present = reader.present(found.flow, req.locale);
    const ctx = pageContext(req, reader, 'releases');
    const html = renderPage(
      ctx,
      `${found.release.id} ${found.release.title}`,
      <ReleasePage
        ctx={ctx}
        release={found.release}
        present={present}
        entries={timeline(found.events, present)}
        chain={found.chain}
        time={timeOf(req, reader)}
        deployments={deploymentsTable(releaseFacts(found.release, found.events, present), present)}
      />,
    );
    return sendPage(reply, html);
  });

  board.get<{ Params: { id: string; kind: string } }>('/releases/:id/documents/:kind', async (req, reply) => {
    const kind = req.params.kind as DocumentKind;
    if (!DOCUMENT_KINDS.includes(kind)) return reply.callNotFound();
    const found = await lookup(req, reply, reader, req.params.id);
    if (!found) return reply;
    const present = reader.present(found.flow, req.locale);
    const doc = buildDocument(kind, found.release, found.events, present);
    const ctx = pageContext(req, reader, 'releases');
    const html = renderPage(
      ctx,
      `${doc.title} · ${found.release.id}`,
      <DocumentPage
        ctx={ctx}
        release={found.release}
        doc={doc}
        chain={found.chain}
        generatedAt={reader.now().toISOString()}
        time={timeOf(req, reader)}
      />,
      'doc',
    );
    return sendPage(reply, html);
  });
}
