import type { CalendarView, PlannedWindow } from '../../../src/board/calendar.js';
import type { FreezeWindow } from '../../../src/config/schema.js';
import { localize } from '../../../src/i18n/text.js';
import { formatClock } from '../../../src/time/format.js';
import { tr } from '../texts.js';
import type { PageContext } from './page.js';

export interface CalendarPageProps {
  ctx: PageContext;
  cal: CalendarView;
  freezes: readonly FreezeWindow[];
  timeZone: string;
  /** Heading: the week's or month's name. */
  heading: string;
  links: { previous: string; next: string; today: string; week: string; month: string };
  today: string;
}

function Item({ w, ctx, timeZone }: { w: PlannedWindow; ctx: PageContext; timeZone: string }) {
  const conflict = w.overlaps.length > 0 || w.frozen.length > 0;
  return (
    <li class={`win status-${w.release.status}${conflict ? ' conflict' : ''}`}>
      <a href={`/board/releases/${w.release.id}`}>
        {conflict && (
          <span class="warn" title={tr(ctx.locale, 'conflicts')}>
            ⚠{' '}
          </span>
        )}
        <span class="time">{formatClock(w.start.toISOString(), timeZone)}</span> {w.release.id}{' '}
        {w.release.title}
      </a>
      <span class="sys">{w.release.system}</span>
    </li>
  );
}

/** The calendar: a week or a month of planned windows, freeze windows shaded, conflicts marked and listed. */
export function CalendarPage(props: CalendarPageProps) {
  const { ctx, cal } = props;
  const l = ctx.locale;
  const weekdays = tr(l, 'weekdays').split(',');
  const unit = cal.view === 'week' ? tr(l, 'week') : tr(l, 'month');
  const freezeName = (i: number) => {
    const f = props.freezes[i];
    return f ? localize(f.reason, l) : '';
  };
  return (
    <>
      <h1>
        {tr(l, 'calendar_title')} · {props.heading}
      </h1>
      <nav class="cal-nav">
        <a href={props.links.previous}>{tr(l, 'previous', { unit })}</a>
        <a href={props.links.today}>{tr(l, 'today')}</a>
        <a href={props.links.next}>{tr(l, 'next', { unit })}</a>
        <span class="switch">
          <a href={props.links.week} class={cal.view === 'week' ? 'current' : undefined}>
            {tr(l, 'week')}
          </a>
          <a href={props.links.month} class={cal.view === 'month' ? 'current' : undefined}>
            {tr(l, 'month')}
          </a>
        </span>
      </nav>
      <div class={`cal ${cal.view}`}>
        {weekdays.map((d) => (
          <div key={d} class="wd">
            {d}
          </div>
        ))}
        {cal.days.map((day) => (
          <div
            key={day.key}
            class={`day${day.inMonth ? '' : ' other'}${day.freezes.length ? ' frozen' : ''}${day.holiday ? ` ${day.holiday.kind}` : ''}${day.key === props.today ? ' today' : ''}`}
          >
            <div class="date">
              {Number(day.key.slice(8))}
              {day.holiday?.kind === 'holiday' && (
                <span class="holiday-tag">
                  {tr(l, 'holiday_off', { name: localize(day.holiday.name, l) })}
                </span>
              )}
              {day.holiday?.kind === 'workday' && <span class="workday-tag">{tr(l, 'make_up_day')}</span>}
              {day.freezes.length > 0 && (
                <span class="freeze-tag">❄ {day.freezes.map(freezeName).join(' ')}</span>
              )}
            </div>
            <ul>
              {day.windows.map((w) => (
                <Item key={w.release.id} w={w} ctx={ctx} timeZone={props.timeZone} />
              ))}
            </ul>
          </div>
        ))}
      </div>
      <h2>{tr(l, 'conflicts')}</h2>
      {cal.conflicts.length ? (
        <ul class="conflicts">
          {cal.conflicts.map((w) => (
            <li key={w.release.id}>
              <span class="warn">⚠</span> <a href={`/board/releases/${w.release.id}`}>{w.release.id}</a>{' '}
              {w.release.title}
              {w.overlaps.length > 0 && (
                <> · {tr(l, 'conflict_overlap', { ids: w.overlaps.join(l === 'zh-CN' ? '、' : ', ') })}</>
              )}
              {w.frozen.length > 0 && (
                <> · {tr(l, 'conflict_freeze', { reason: w.frozen.map(freezeName).join(', ') })}</>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{tr(l, 'no_conflicts')}</p>
      )}
    </>
  );
}
