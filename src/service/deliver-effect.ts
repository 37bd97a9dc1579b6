import type { PlatformId } from '../config/schema.js';
import type { Message } from '../conversation/model.js';
import { ACTIONABLE, announcement, eventLine, notice, statusCard } from '../conversation/present/cards.js';
import { personCardNow } from '../conversation/present/person-card.js';
import type { AuditEvent, CardDecision, Effect, MessageRef, PersonId, Release } from '../domain/types.js';
import type { FlowSpec } from '../flow/schema.js';
import type { SendOptions } from '../platform/port.js';
import type { OutboxEntry } from '../store/port.js';
import type { DeliveryDeps } from './deps.js';
import { deliverWebhook } from './webhook-delivery.js';

/**
 * The release's platform has no surface (yet, at start-up): waited for without a try counted, and given
 * up only when it has not attached within the grace after start (undelivered.ts `attachWaitMs`).
 */
export class SurfaceNotAttached extends Error {
  constructor(readonly platform: string) {
    super(`no ${platform} surface attached yet`);
    this.name = 'SurfaceNotAttached';
  }
}

/** A one-line message, for replies in a status card's thread. */
function line(text: string): Message {
  return { summary: text, header: text, tone: 'neutral', fields: [], links: [], context: [], buttons: [] };
}

/**
 * What a round of one release's messages reads from the store, read once for all of them (a decision
 * sends three or four): the release, its message refs, and the events its messages quote. Made when the
 * round starts, so the release is as it is now; a commit landing during the round sends messages of
 * its own, rendered in a later round.
 */
export interface ReleaseView {
  release(): Promise<Release | null>;
  refs(): Promise<Record<string, MessageRef>>;
  event(seq: number): Promise<AuditEvent | null>;
  /** Saves a ref and keeps it in the view for the round's later messages. */
  saveRef(key: string, ref: MessageRef): Promise<void>;
}

export function releaseView(deps: DeliveryDeps, releaseId: string): ReleaseView {
  let release: Promise<Release | null> | undefined;
  let refs: Promise<Record<string, MessageRef>> | undefined;
  const events = new Map<number, Promise<AuditEvent | null>>();
  // A failed read is not kept: the next message of the round (or the next round) reads again.
  const once = <T>(p: Promise<T>, forget: () => void) => {
    p.catch(forget);
    return p;
  };
  return {
    release() {
      release ??= once(deps.store.load(releaseId), () => {
        release = undefined;
      });
      return release;
    },
    refs() {
      refs ??= once(deps.store.messageRefs(releaseId), () => {
        refs = undefined;
      });
      return refs;
    },
    event(seq) {
      let found = events.get(seq);
      if (!found) {
        found = once(deps.store.event(releaseId, seq), () => events.delete(seq));
        events.set(seq, found);
      }
      return found;
    },
    async saveRef(key, ref) {
      await deps.store.saveMessageRef(releaseId, key, ref);
      if (refs) (await refs)[key] = ref;
    },
  };
}

/**
 * What names each message an entry sends, the same on every try of it: the entry (its key and when it
 * was decided, so a release number reused by another database never names the same message) and the
 * message's part in it. A release's status card is named by the release: whichever entry posts it.
 */
function sendNames(entry: OutboxEntry, release: Release, maybeSent: boolean) {
  const base = { releaseId: release.id, ...(maybeSent ? { maybeSent: true } : {}) };
  return {
    part: (part: string): SendOptions => ({ ...base, key: `${entry.key}@${entry.createdAt}/${part}` }),
    unique: (part: string): SendOptions => ({
      ...base,
      key: `${entry.key}@${entry.createdAt}/${part}`,
      unique: true,
    }),
    statusCard: (): SendOptions => ({
      ...base,
      key: `${release.id}@${release.createdAt}/status`,
      unique: true,
    }),
  };
}

/**
 * Performs one outbox entry: renders it with the release as it is now (so an edited card always
 * shows the newest state) in each reader's language, and sends it through the right surface. `view`
 * shares the reads among a round's messages of the release. `maybeSent`: an earlier try of the entry
 * may have reached the platform unrecorded (see SendOptions).
 */
export async function deliverEffect(
  deps: DeliveryDeps,
  entry: OutboxEntry,
  view: ReleaseView = releaseView(deps, entry.releaseId),
  maybeSent = false,
): Promise<void> {
  const release = await view.release();
  if (!release) return;
  const names = sendNames(entry, release, maybeSent);
  const flow = await deps.flowOf(release);
  const channelLocale = deps.config.locale;
  const effect: Effect = entry.effect;
  // A webhook needs no chat platform: it is posted whether or not the release's surface is attached.
  if (effect.type === 'webhook') return deliverWebhook(deps, effect);
  const origin = deps.outlet(release.origin.platform);
  // At start-up the scheduler fires overdue timers before the adapters attach their surfaces:
  // failing here keeps the entry in the outbox for a later round instead of dropping the message.
  if (!origin && effect.type !== 'schedule' && effect.type !== 'cancel_timers')
    throw new SurfaceNotAttached(release.origin.platform);
  switch (effect.type) {
    case 'status_card': {
      if (!origin || !release.origin.channel)
        return deps.log.warn({ releaseId: release.id }, 'no surface for the status card');
      // The status card names who is awaited as mentions, so the channel sees it.
      const p = { ...deps.present(flow, channelLocale), platform: release.origin.platform };
      const refs = await view.refs();
      let card = refs.status;
      if (card) await origin.update(card, statusCard(release, p));
      else {
        card = await origin.sendToChannel(
          release.origin.channel,
          statusCard(release, p),
          undefined,
          names.statusCard(),
        );
        await view.saveRef('status', card);
      }
      const event = await view.event(entry.version);
      if (event)
        await origin.sendToChannel(
          release.origin.channel,
          line(eventLine(event, p)),
          card,
          names.part('line'),
        );
      return;
    }
    case 'announce': {
      if (!origin) return;
      const events = await deps.store.events(release.id);
      const card = announcement(release, effect.what, events, deps.present(flow, channelLocale));
      await origin.sendToChannel(release.origin.channel, card, undefined, names.unique('announce'));
      const extra = deps.config.announce[release.origin.platform];
      if (extra && extra !== release.origin.channel)
        await origin.sendToChannel(extra, card, undefined, names.unique('announce-extra'));
      return;
    }
    case 'close_cards':
      return updateCards(deps, view, release, flow, entry, effect.stageEntry, undefined, effect.decisions);
    case 'refresh_cards':
      if (effect.stageEntry !== release.stageEntry) return; // a later close_cards has the last word
      return updateCards(deps, view, release, flow, entry, effect.stageEntry, effect.person);
    case 'notify': {
      const params = effect.params ?? {};
      const stale = params.stageEntry !== undefined && params.stageEntry !== release.stageEntry;
      if (ACTIONABLE.has(effect.about) && (stale || release.status !== 'active')) return;
      for (const person of effect.to) {
        const p = deps.present(flow, deps.directory.localeOf(person, channelLocale));
        const sent = await sendToPerson(
          deps,
          release,
          person,
          notice(release, effect.about, person, params, p),
          names.part(`to:${person}`),
        );
        if (sent && ACTIONABLE.has(effect.about))
          await view.saveRef(`card|${release.stageEntry}|${person}|${entry.key}`, sent);
      }
      return;
    }
    case 'schedule':
    case 'cancel_timers':
      return;
  }
}

/** Edits the action cards of a stage entry (one person's, or everyone's) to what they show now. */
async function updateCards(
  deps: DeliveryDeps,
  view: ReleaseView,
  release: Release,
  flow: FlowSpec,
  entry: OutboxEntry,
  stageEntry: number,
  only?: PersonId,
  decisions: readonly CardDecision[] = [],
): Promise<void> {
  const refs = await view.refs();
  const event = await view.event(entry.version);
  for (const [key, ref] of Object.entries(refs)) {
    const [kind, entryNo, person] = key.split('|');
    if (kind !== 'card' || Number(entryNo) !== stageEntry || !person) continue;
    if (only !== undefined && person !== only) continue;
    const p = deps.present(flow, deps.directory.localeOf(person, deps.config.locale));
    await surfaceFor(deps, ref.platform)?.update(
      ref,
      personCardNow(release, person, stageEntry, event ?? undefined, p, decisions),
    );
  }
}

function surfaceFor(deps: DeliveryDeps, platform: PlatformId) {
  return deps.outlet(platform);
}

/** A DM on the release's platform if the person is there, else on any platform they have. */
async function sendToPerson(
  deps: DeliveryDeps,
  release: Release,
  person: PersonId,
  message: Message,
  send: SendOptions,
): Promise<MessageRef | null> {
  const order = [
    release.origin.platform,
    ...[...deps.surfaces.keys()].filter((k) => k !== release.origin.platform),
  ];
  for (const platform of order) {
    const surface = deps.outlet(platform);
    const userId = deps.directory.platformId(person, platform as PlatformId);
    if (surface && userId) return surface.sendToUser(userId, message, send);
  }
  deps.log.warn({ releaseId: release.id, person }, 'person cannot be reached on any attached platform');
  return null;
}
