import type { ReleaseDocument } from '../../../src/board/documents.js';
import { sayBoard } from '../../../src/board/texts.js';
import type { ChainCheck } from '../../../src/board/timeline.js';
import type { Release } from '../../../src/domain/types.js';
import { tr } from '../texts.js';
import type { TimeFormat } from './format.js';
import type { PageContext } from './page.js';
import { otherLanguageUrl } from './page.js';
import { CellTable, ShownValue } from './release.js';

export interface DocumentPageProps {
  ctx: PageContext;
  release: Release;
  doc: ReleaseDocument;
  chain: ChainCheck;
  generatedAt: string;
  time: TimeFormat;
}

/**
 * A release's document as a printable page: A4 in print (board.css `@page`), the site's header and the
 * buttons hidden there, tables that do not break inside a row, signatures as a block of their own.
 */
export function DocumentPage(props: DocumentPageProps) {
  const { ctx, doc, release: r, time } = props;
  const l = ctx.locale;
  const decision = (d: 'approved' | 'rejected' | 'done') =>
    sayBoard(d === 'approved' ? 'sig_approved' : d === 'rejected' ? 'sig_rejected' : 'sig_done', l);
  const chain = props.chain.ok
    ? tr(l, 'chain_word_ok')
    : tr(l, 'chain_word_broken', { seq: props.chain.seq });
  return (
    <article class={`document ${doc.kind}`}>
      <div class="doc-tools no-print">
        <a href={`/board/releases/${r.id}`}>← {r.id}</a>
        <a href={otherLanguageUrl(ctx.url, l)}>
          {l === 'zh-CN' ? tr(l, 'in_other_language') : tr(l, 'in_language')}
        </a>
        <span class="muted">{tr(l, 'print')}</span>
      </div>
      <header class="doc-head">
        <p class="doc-org">golive</p>
        <h1>{doc.title}</h1>
        <p class="doc-id">
          {r.id} · {r.title}
        </p>
      </header>
      {doc.sections.map((s, i) => (
        <section key={i} class="doc-section">
          <h2>{s.title}</h2>
          {s.rows && (
            <table class="doc-rows">
              <tbody>
                {s.rows.map((row, j) => (
                  <tr key={j}>
                    <th>{row.label}</th>
                    <td>
                      <ShownValue value={row.value} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {s.table && <CellTable table={s.table} class="doc-table" />}
          {s.note && <p class="muted">{s.note}</p>}
        </section>
      ))}
      <section class="doc-section signatures">
        <h2>{sayBoard('sec_signatures', l)}</h2>
        {doc.signatures.length || doc.pending.length ? (
          <table class="doc-table sig-table">
            <thead>
              <tr>
                <th>{sayBoard('f_step', l)}</th>
                <th>{sayBoard('sig_role', l)}</th>
                <th>{sayBoard('sig_name', l)}</th>
                <th>{sayBoard('sig_decision', l)}</th>
                <th>{sayBoard('sig_time', l)}</th>
                <th>{sayBoard('sig_comment', l)}</th>
              </tr>
            </thead>
            <tbody>
              {doc.signatures.map((s, i) => (
                <tr key={i} class={`sig ${s.decision}`}>
                  <td>{s.step}</td>
                  <td>{s.role}</td>
                  <td class="sig-name">{s.name}</td>
                  <td>{decision(s.decision)}</td>
                  <td class="nowrap">{time.full(s.at)}</td>
                  <td>{s.comment ?? ''}</td>
                </tr>
              ))}
              {doc.pending.map((s, i) => (
                <tr key={`p${i}`} class="sig pending">
                  <td />
                  <td>{s.role}</td>
                  <td class="sig-name">{s.name}</td>
                  <td>{sayBoard('pending_signature', l)}</td>
                  <td />
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{sayBoard('none_yet', l)}</p>
        )}
        {doc.earlier.length > 0 && (
          <>
            <h3>{sayBoard('sec_earlier', l)}</h3>
            <ul class="earlier">
              {doc.earlier.map((s, i) => (
                <li key={i}>
                  {s.name}
                  {l === 'zh-CN' ? `（${s.role}）` : ` (${s.role}) `}
                  {decision(s.decision)} · {time.full(s.at)}
                  {s.comment && <q>{s.comment}</q>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <footer class="doc-foot">
        {tr(l, 'generated', { id: r.id, time: time.full(props.generatedAt), chain })}
      </footer>
    </article>
  );
}
