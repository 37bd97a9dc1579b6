import type { GoliveConfig, PlatformId } from '../../config/schema.js';
import type { Directory } from '../../domain/directory.js';
import { roleText } from '../../flow/roles.js';
import type { FlowSpec } from '../../flow/schema.js';
import { TEXTS } from '../../i18n/catalog.js';
import type { Locale } from '../../i18n/text.js';
import { localize } from '../../i18n/text.js';
import type { MessageField } from '../model.js';

/** What every presenter function reads: the release's flow, the people, the reader's language. */
export interface PresentContext {
  flow: FlowSpec;
  config: GoliveConfig;
  directory: Directory;
  locale: Locale;
  /** When the message is rendered: a time in another year than this one shows its year. */
  now: Date;
  /** A release's page on the release board, when the board has a public address (PUBLIC_URL). */
  releaseUrl?: (releaseId: string) => string;
  /** The platform the message goes to, when it names people the platform can mention. */
  platform?: PlatformId;
}

export function stageTitle(p: PresentContext, stageId: string): string {
  const stage = p.flow.stages.find((s) => s.id === stageId);
  return stage ? localize(stage.title, p.locale) : stageId;
}

export function actionLabel(p: PresentContext, actionId: string): string {
  for (const s of p.flow.stages) {
    const a = s.actions.find((x) => x.id === actionId);
    if (a) return localize(a.label, p.locale);
  }
  return actionId;
}

/** Names in a list: "张三、李四" in Chinese, "Ann, Bob" in English. */
export function names(p: PresentContext, people: readonly string[]): string {
  return listOf(
    p,
    people.map((x) => p.directory.displayName(x)),
  );
}

export function listOf(p: PresentContext, items: readonly string[]): string {
  return items.join(p.locale === 'zh-CN' ? '、' : ', ');
}

/**
 * A role in the reader's words: the label of the form field that names its people ("技术总监"), else
 * the catalog's name for a configured role, else the id (a role only a team config knows).
 */
export function roleLabel(p: PresentContext, role: string): string {
  return localize(roleText(p.flow, role), p.locale);
}

/**
 * A field's label in the reader's language wherever the flow declares it (the release form, an
 * action's input) or a built-in input's: a link labelled "禅道链接", not "zentao".
 */
export function fieldLabel(p: PresentContext, fieldId: string): string {
  const f =
    p.flow.form.find((x) => x.id === fieldId) ??
    p.flow.stages.flatMap((s) => s.actions.flatMap((a) => a.input)).find((x) => x.id === fieldId);
  if (f) return localize(f.label, p.locale);
  const key = `field_${fieldId}`;
  return key in TEXTS ? localize(TEXTS[key as keyof typeof TEXTS], p.locale) : fieldId;
}

/** People as a card field: their names, and mentions where the platform has them. */
export function peopleField(p: PresentContext, label: string, people: readonly string[], none: string) {
  if (!people.length) return { label, value: none };
  const field: MessageField = { label, value: names(p, people) };
  if (p.platform && p.platform !== 'local') {
    const platform = p.platform;
    field.people = people.map((x) => {
      const userId = p.directory.platformId(x, platform);
      return { name: p.directory.displayName(x), ...(userId ? { userId } : {}) };
    });
    field.separator = p.locale === 'zh-CN' ? '、' : ', ';
  }
  return field;
}

/**
 * One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with
 * it, and every card shows times (the benchmark profile had this as the core's hottest function).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A formatted instant: its year and "MM-DD HH:mm", in one time zone. */
interface ZonedTime {
  year: string;
  /** "27 Nov" and "10:00", apart: another year goes between them. */
  day: string;
  clock: string;
  /** "11月27日 09:05": no leading zero in month and day, the clock as 24-hour HH:mm ("2月1日 00:00", zh-CN style). */
  zhDay: string;
}

/**
 * Formatted instants, per zone and ISO string. A decision renders the same few times (the release's
 * last update, the clock's year) on three or four cards, and formatToParts in a named zone is not cheap;
 * bounded so a long-running process does not keep every time it ever showed.
 */
const zoned = new Map<string, ZonedTime>();
const ZONED_MAX = 2000;
function zonedTime(timeZone: string, d: Date, key: string): ZonedTime {
  const cacheKey = `${timeZone}|${key}`;
  let z = zoned.get(cacheKey);
  if (!z) {
    const parts = formatterFor(timeZone).formatToParts(d);
    const get = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
    const hm = `${get('hour')}:${get('minute')}`;
    z = {
      year: get('year'),
      day: `${Number(get('day'))} ${MONTHS_EN[Number(get('month')) - 1]}`,
      clock: hm,
      zhDay: `${Number(get('month'))}月${Number(get('day'))}日 ${hm}`,
    };
    if (zoned.size >= ZONED_MAX) zoned.clear();
    zoned.set(cacheKey, z);
  }
  return z;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A system by its name in the reader's language (the config's `systems`); its id when not listed. */
export function systemName(p: PresentContext, id: string): string {
  const system = p.config.systems.find((s) => s.id === id);
  return system ? localize(system.name, p.locale) : id;
}

/**
 * A time in the team's zone, short: 11月27日 10:00 / 27 Nov 10:00 this year, 2027年1月5日 10:00 /
 * 5 Jan 2027 10:00 in another year (the year as the team's zone counts it, so New Year's Eve in Shanghai
 * is not taken for next year).
 */
export function shortTime(p: PresentContext, iso: string): string {
  const d = new Date(iso);
  const ms = d.getTime();
  if (Number.isNaN(ms)) return iso;
  const tz = p.config.timezone;
  // Shown to the minute, and zone offsets are whole minutes: every instant of one minute reads the
  // same, so they share one formatting (each decision stamps the release with a new instant, which
  // its three or four cards show).
  const minute = Math.floor(ms / 60_000) * 60_000;
  const time = zonedTime(tz, new Date(minute), String(minute));
  // The current year, to the minute: a year never turns within one.
  const nowMinute = Math.floor(p.now.getTime() / 60_000) * 60_000;
  const thisYear = zonedTime(tz, new Date(nowMinute), String(nowMinute)).year;
  if (p.locale === 'zh-CN') return time.year === thisYear ? time.zhDay : `${time.year}年${time.zhDay}`;
  return `${time.day}${time.year === thisYear ? '' : ` ${time.year}`} ${time.clock}`;
}
