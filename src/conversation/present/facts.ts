import type { FieldValue, Release } from '../../domain/types.js';
import type { FieldSpec } from '../../flow/schema.js';
import { say } from '../../i18n/say.js';
import { localize } from '../../i18n/text.js';
import type { MessageField } from '../model.js';
import { names, type PresentContext, shortTime } from './context.js';

/** How much of a long answer a card shows; the rest is one tap away (Details, a panel, `/release show`). */
export const FACT_CLIP = 280;

/** Shown elsewhere on every card (header, system, window), or as links. */
const SHOWN_ELSEWHERE = new Set(['title', 'system', 'window_start', 'window_end']);
const LINK_TYPES = new Set<FieldSpec['type']>(['url', 'urls']);

/** A label without its input hint: "Problems (one per line)" reads "Problems" on a card. */
function bare(label: string): string {
  return label.replace(/\s*[（(][^（()）]*[)）]\s*$/, '') || label;
}

function render(spec: FieldSpec | undefined, v: FieldValue, p: PresentContext): string {
  if (spec?.type === 'select') {
    const o = spec.options?.find((x) => x.value === v);
    return o ? localize(o.label, p.locale) : String(v);
  }
  if (spec?.type === 'person' || spec?.type === 'people') return names(p, Array.isArray(v) ? v : [String(v)]);
  if (spec?.type === 'datetime' && typeof v === 'string') return shortTime(p, v);
  if (Array.isArray(v)) return v.map((x) => `• ${x}`).join('\n');
  return String(v);
}

function clipped(label: string, value: string, clip: boolean): MessageField {
  if (!clip || [...value].length <= FACT_CLIP) return { label, value };
  return { label, value: `${[...value].slice(0, FACT_CLIP - 1).join('')}…`, full: value };
}

/** The spec of a record's input (an action's input field), by record and input id. */
function recordInput(p: PresentContext, record: string, input: string): FieldSpec | undefined {
  for (const s of p.flow.stages)
    for (const a of s.actions) if (a.record === record) return a.input.find((f) => f.id === input);
  return undefined;
}

function recordNames(p: PresentContext): string[] {
  return [...new Set(p.flow.stages.flatMap((s) => s.actions.flatMap((a) => (a.record ? [a.record] : []))))];
}

/**
 * What a person decides on, as their card shows it: the release's answers and records that matter to
 * the stage (its `shows`, else every non-empty one), labelled in the reader's language. Long text is
 * clipped when `clip` (the field then carries the full text). Links are not here: cards list them.
 */
export function releaseFacts(
  release: Release,
  p: PresentContext,
  opts: { clip?: boolean; all?: boolean } = {},
): MessageField[] {
  const clip = opts.clip ?? true;
  const stage = p.flow.stages.find((s) => s.id === release.stage);
  const wanted = stage?.shows && !opts.all ? new Set(stage.shows) : undefined;
  const show = (id: string) => (wanted ? wanted.has(id) : true);
  const out: MessageField[] = [];
  for (const spec of p.flow.form) {
    const v = release.fields[spec.id];
    if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    if (!show(spec.id) || LINK_TYPES.has(spec.type)) continue;
    if (!wanted && SHOWN_ELSEWHERE.has(spec.id)) continue;
    out.push(clipped(bare(localize(spec.label, p.locale)), render(spec, v, p), clip));
  }
  for (const record of recordNames(p)) {
    const entries = release.records[record] ?? [];
    const last = entries.at(-1);
    if (!last || !show(record)) continue;
    for (const [input, v] of Object.entries(last.values)) {
      const spec = recordInput(p, record, input);
      if (spec && LINK_TYPES.has(spec.type)) continue;
      const label = bare(spec ? localize(spec.label, p.locale) : input);
      const rounds = entries.length > 1 ? say('fact_round', p.locale, { n: entries.length }) : '';
      out.push(clipped(`${label}${rounds}`, render(spec, v, p), clip));
    }
  }
  const loops = Object.entries(release.loops).filter(([, n]) => n > 0);
  if (loops.length && show('loops'))
    out.push({
      label: say('label_loops', p.locale),
      value: say('loops_text', p.locale, {
        smoke: release.loops.smoke ?? 0,
        bugs: release.loops.bugs ?? 0,
        production: release.loops.production ?? 0,
      }),
    });
  return out;
}

/** Links among the answers and records (ZenTao, bug links, the test report), labelled by their field. */
export function factLinks(release: Release, p: PresentContext): { label: string; url: string }[] {
  const out: { label: string; url: string }[] = [];
  const add = (label: string, v: FieldValue | undefined) => {
    const urls = (Array.isArray(v) ? v : [v]).filter(
      (u): u is string => typeof u === 'string' && /^https?:\/\//.test(u),
    );
    // Several links of one field are numbered: on Slack and Feishu a link shows only its label, and
    // three bugs all called "ZenTao bug links" cannot be told apart on a phone.
    for (const [i, url] of urls.entries())
      out.push({ label: urls.length > 1 ? `${bare(label)} ${i + 1}` : bare(label), url });
  };
  for (const spec of p.flow.form) add(localize(spec.label, p.locale), release.fields[spec.id]);
  for (const record of recordNames(p)) {
    const last = release.records[record]?.at(-1);
    for (const [input, v] of Object.entries(last?.values ?? {})) {
      const spec = recordInput(p, record, input);
      add(spec ? localize(spec.label, p.locale) : input, v);
    }
  }
  return out;
}

/**
 * The gist of what is decided, for a notification: the first choice and the first written answer the
 * stage shows ("Severe production bug: payments fail for …"), else the newest record's first text.
 */
export function gistOf(release: Release, p: PresentContext): string {
  const stage = p.flow.stages.find((s) => s.id === release.stage);
  const wanted = stage?.shows ? new Set(stage.shows) : undefined;
  // What the step that brought it here entered (the problems an executive decides on, the notes a
  // director signs) is the news; the form's reason comes after.
  const entering = p.flow.stages.flatMap((s) =>
    s.actions.flatMap((a) => (a.to === release.stage && a.record ? [a.record] : [])),
  );
  const fresh = entering
    .filter((r) => (!wanted || wanted.has(r)) && release.records[r]?.at(-1)?.at === release.stageEnteredAt)
    .reverse()
    .map((r) => recordText(p, r, release.records[r]?.at(-1)?.values ?? {}))
    .find((t) => t !== undefined);
  if (fresh) return oneLine(fresh, p);
  const parts: string[] = [];
  const choice = p.flow.form.find(
    (f) => f.type === 'select' && release.fields[f.id] !== undefined && (!wanted || wanted.has(f.id)),
  );
  const written = p.flow.form.find(
    (f) =>
      (f.type === 'textarea' || f.type === 'lines') &&
      release.fields[f.id] !== undefined &&
      (!wanted || wanted.has(f.id)),
  );
  if (choice) parts.push(render(choice, release.fields[choice.id] as FieldValue, p));
  if (written) parts.push(render(written, release.fields[written.id] as FieldValue, p));
  if (!parts.length)
    for (const record of recordNames(p).filter((r) => !wanted || wanted.has(r))) {
      const text = recordText(p, record, release.records[record]?.at(-1)?.values ?? {});
      if (text !== undefined) parts.splice(0, parts.length, text);
    }
  return oneLine(parts.join(p.locale === 'zh-CN' ? '：' : ': '), p);
}

/** A record's first answer in words: not a link, nor a bare count ("— 1" says nothing on a phone). */
function recordText(
  p: PresentContext,
  record: string,
  values: Record<string, FieldValue>,
): string | undefined {
  const text = Object.entries(values).find(([input, v]) => {
    const spec = recordInput(p, record, input);
    return typeof v !== 'number' && (!spec || !LINK_TYPES.has(spec.type));
  });
  return text ? render(recordInput(p, record, text[0]), text[1], p) : undefined;
}

function oneLine(text: string, p: PresentContext): string {
  return text.replace(/\s*\n\s*/g, p.locale === 'zh-CN' ? '；' : '; ').replace(/(^|；|; )• /g, '$1');
}
