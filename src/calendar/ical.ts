import { createHash } from 'node:crypto';
import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { Release } from '../domain/types.js';
import type { ScopedFreeze, Span } from './conflicts.js';

/** One release's planned window as a feed shows it; texts already in the team's language. */
export interface FeedWindow {
  release: Release;
  window: Span;
  summary: string;
  description: string;
  url: string;
}

/** A freeze window as a feed shows it. */
export interface FeedFreeze {
  freeze: ScopedFreeze;
  summary: string;
}

/**
 * An RFC 5545 calendar (ical-generator folds lines at 75 octets and escapes `,;\` and newlines): one
 * event per planned window, its UID stable per release so a subscribed calendar updates it in place, and
 * one per freeze window. Times are UTC; DTSTAMP is when the release last changed.
 */
export function icalFeed(o: {
  name: string;
  /** Host part of the UIDs (the board's host): unique per golive installation. */
  host: string;
  windows: readonly FeedWindow[];
  freezes: readonly FeedFreeze[];
  now: Date;
}): string {
  const cal = ical({
    name: o.name,
    prodId: { company: 'golive', product: 'release calendar', language: 'EN' },
    // Subscribed calendars poll the feed; an hour keeps them close without hammering golive.
    ttl: 3600,
  });
  for (const w of o.windows)
    cal.createEvent({
      id: `release-${w.release.id}@${o.host}`,
      start: w.window.start,
      end: w.window.end,
      stamp: new Date(w.release.updatedAt),
      lastModified: new Date(w.release.updatedAt),
      created: new Date(w.release.createdAt),
      // Raised with every change of the release, so clients that keep the event take the newer copy.
      sequence: w.release.version,
      summary: w.summary,
      description: w.description,
      url: w.url,
      status:
        w.release.status === 'active' || w.release.status === 'done'
          ? ICalEventStatus.CONFIRMED
          : ICalEventStatus.CANCELLED,
    });
  for (const f of o.freezes) {
    // A freeze has no id in the config: its span, system and reason name it.
    const key = createHash('sha256')
      .update(JSON.stringify([f.freeze.start, f.freeze.end, f.freeze.system ?? '', f.freeze.reason.en]))
      .digest('hex')
      .slice(0, 16);
    cal.createEvent({
      id: `freeze-${key}@${o.host}`,
      start: new Date(f.freeze.start),
      end: new Date(f.freeze.end),
      stamp: o.now,
      summary: f.summary,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return cal.toString();
}
