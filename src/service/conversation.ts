import { type FieldReadContext, readFields, readOneField, readValue } from '../conversation/fields.js';
import {
  type ButtonIntent,
  type FormContext,
  type RawFormValues,
  SUBMISSION_ERROR,
} from '../conversation/model.js';
import { checkNamedPeople, checkNewHolder } from '../conversation/named-people.js';
import { actionCard, detailsCard, statusCard } from '../conversation/present/cards.js';
import { conflictText } from '../conversation/present/conflicts.js';
import {
  FLOW_CHOICE_FIELD,
  flowChoiceSpec,
  intentFields,
  intentForm,
  newReleaseForm,
} from '../conversation/present/forms.js';
import { withSystemChoice } from '../conversation/system-choice.js';
import type { Actor, Command, FieldValue, RefusalCode } from '../domain/types.js';
import { recordAside } from '../engine/refusal-record.js';
import { createRelease, transition, unpassableAtCreation } from '../engine/transition.js';
import type { FieldSpec } from '../flow/schema.js';
import { say, sayRefusal } from '../i18n/say.js';
import { type Locale, localize } from '../i18n/text.js';
import type { FieldCheck, GoliveCore, Overview, Reply, RequestContext, SubmitResult } from './api.js';
import { sendBoardLink } from './board-link.js';
import { calendarReply } from './calendar-command.js';
import type { CoreDeps } from './deps.js';
import { toOutbox } from './outbox.js';
import { parseCommand } from './parse-command.js';
import { runCommand } from './run-command.js';
import { unknownWriters } from './unknown-writers.js';
import { creationConflicts } from './window-conflicts.js';

/**
 * How many releases awaiting someone the overview shows: more than the App Home or a Feishu list has
 * room for; the rest are counted, not read.
 */
export const AWAITING_PAGE = 20;
/** How many of someone's own open releases the overview shows; the rest are counted, not read. */
export const OPEN_PAGE = 20;

type Conversation = Pick<
  GoliveCore,
  | 'localeFor'
  | 'command'
  | 'newReleaseForm'
  | 'submit'
  | 'press'
  | 'refuseInvalidButton'
  | 'overview'
  | 'checkField'
>;

const RELEASE_ID = /^REL-\d{1,9}$/;

const text = (t: string, tone: 'info' | 'success' | 'warning' | 'error'): Reply => ({
  kind: 'text',
  text: t,
  tone,
});

function fieldName(fields: readonly FieldSpec[], id: string, locale: Locale): string {
  const f = fields.find((x) => x.id === id);
  return f ? localize(f.label, locale) : id;
}

const GATE_INTENTS = new Set(['approve', 'reject', 'delegate', 'add_approver']);

/** Refusals the form's input answers: the form opens to ask for it. */
const INPUT_REFUSALS = new Set<RefusalCode>(['missing_input', 'not_earlier_stage']);

/** Builds the command a button stands for from the input its form collected. */
function commandOf(intent: ButtonIntent, v: Record<string, FieldValue>): Command {
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const c = intent.command;
  switch (c.type) {
    case 'act':
      return { type: 'act', action: c.action, input: v };
    case 'approve':
      return s('comment') ? { type: 'approve', comment: s('comment') } : { type: 'approve' };
    case 'reject':
      return { type: 'reject', reason: s('reason') };
    case 'tick':
      return { type: 'tick', item: c.item };
    case 'withdraw':
    case 'cancel':
      return s('reason') ? { type: c.type, reason: s('reason') } : { type: c.type };
    case 'delegate':
      return { type: 'delegate', to: s('to') };
    case 'add_approver':
      return { type: 'add_approver', person: s('person') };
    case 'send_back':
      return { type: 'send_back', to: s('to'), reason: s('reason') };
    case 'details':
      throw new Error('details is no command: press answers it without the engine');
  }
}

/** The conversation layer: typed commands, forms and buttons in, replies out. */
export function createConversation(deps: CoreDeps): Conversation {
  const { config, directory, store } = deps;
  // The flows as their forms ask them (the system a choice among the configured ones).
  const formFlows = deps.flows.map((f) => withSystemChoice(f, config.systems));
  const actorOf = (ctx: RequestContext): Actor => ({
    person: directory.fromPlatform(ctx.platform, ctx.userId),
    platform: ctx.platform,
  });
  const localeFor = (platform: RequestContext['platform'], userId: string): Locale =>
    directory.localeOf(directory.fromPlatform(platform, userId), config.locale);
  const readCtx = (ctx: RequestContext, locale: Locale): FieldReadContext => ({
    locale,
    platform: ctx.platform,
    directory,
    timeZone: config.timezone,
    now: deps.now(),
    dayStart: config.workingHours.start,
  });

  async function overview(ctx: RequestContext): Promise<Overview> {
    const person = actorOf(ctx).person;
    const locale = localeFor(ctx.platform, ctx.userId);
    const pending = await store.pendingFor(person, AWAITING_PAGE);
    const awaiting = [];
    for (const r of pending.releases)
      awaiting.push(actionCard(r, person, deps.present(await deps.flowOf(r), locale)));
    const open = await store.openBy(person, OPEN_PAGE);
    const mine = [];
    for (const r of open.releases) mine.push(statusCard(r, deps.present(await deps.flowOf(r), locale)));
    return { awaiting, awaitingTotal: pending.total, mine, mineTotal: open.total };
  }

  async function createFromForm(
    ctx: RequestContext,
    flowId: string,
    values: RawFormValues,
    locale: Locale,
  ): Promise<SubmitResult> {
    const flow = deps.flows.find((f) => f.id === flowId);
    const asked = formFlows.find((f) => f.id === flowId);
    if (!flow || !asked)
      return { ok: false, errors: { [FLOW_CHOICE_FIELD]: say('err_unknown_flow', locale) } };
    const read = readFields(asked.form, values, readCtx(ctx, locale));
    if (!read.ok) return read;
    const actor = actorOf(ctx);
    const named = checkNamedPeople(flow, read.values, actor.person, directory, locale);
    if (Object.keys(named).length) return { ok: false, errors: named };
    const conflicts = await creationConflicts(deps, read.values, deps.now());
    // An emergency goes ahead whatever it collides with; the conflicts are shown all the same.
    if (conflicts.length && config.conflictPolicy === 'block' && !flow.emergency)
      return {
        ok: false,
        errors: {
          [asked.form.some((f) => f.id === 'window_start') ? 'window_start' : 'system']: conflictText(
            conflicts,
            locale,
            config.timezone,
            deps.now(),
          ),
        },
      };
    if (ctx.idempotencyKey) {
      const seen = await store.findByIdempotencyKey(ctx.idempotencyKey);
      if (seen) return { ok: true, reply: text(say('duplicate', locale), 'info') };
    }
    const engineCtx = {
      flow,
      config,
      directory,
      now: deps.now(),
      ...(ctx.idempotencyKey ? { request: ctx.idempotencyKey } : {}),
    };
    // A gate nobody could pass: next to the field that names its role, or (a role the config fills)
    // as the answer — the release is not started, and nothing on the form could change that.
    const unpassable = unpassableAtCreation(read.values, actor, engineCtx);
    if (unpassable) {
      const field = unpassable.params?.field;
      if (typeof field === 'string')
        return { ok: false, errors: { [field]: sayRefusal(unpassable, locale) } };
      return { ok: true, reply: text(sayRefusal(unpassable, locale), 'warning') };
    }
    const number = await store.nextReleaseNumber();
    const channel = ctx.channel ?? config.announce[ctx.platform] ?? '';
    const created = createRelease(
      {
        number,
        values: read.values,
        origin: { platform: ctx.platform, channel },
        ...(conflicts.length ? { conflicts } : {}),
      },
      actor,
      engineCtx,
    );
    if (!created.ok) return { ok: true, reply: text(sayRefusal(created.refusal, locale), 'warning') };
    const saved = await store.create({
      release: created.release,
      events: [created.event],
      outbox: toOutbox(created.release, created.effects, deps.now()),
      ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
    });
    if (!saved.ok) return { ok: true, reply: text(say('duplicate', locale), 'info') };
    deps.afterCommit(created.release);
    const done = say('created', locale, { id: created.release.id, title: created.release.title });
    // Created all the same (the policy warns): a success that names what it collides with.
    const warning = conflicts.length
      ? `\n${conflictText(conflicts, locale, config.timezone, deps.now())}`
      : '';
    // What was assumed (a date without a time): said, not silently taken.
    const notes = Object.entries(read.notes ?? {}).map(
      ([id, note]) => `\n${fieldName(flow.form, id, locale)}${locale === 'zh-CN' ? '：' : ': '}${note}`,
    );
    return { ok: true, reply: text(`${done}${warning}${notes.join('')}`, 'success') };
  }

  async function submit(
    ctx: RequestContext,
    context: FormContext,
    values: RawFormValues,
  ): Promise<SubmitResult> {
    const locale = localeFor(ctx.platform, ctx.userId);
    try {
      if (context.kind === 'new_release') {
        if (context.flowId) return await createFromForm(ctx, context.flowId, values, locale);
        const read = readFields([flowChoiceSpec(formFlows)], values, readCtx(ctx, locale));
        if (!read.ok) return read;
        return {
          ok: true,
          reply: {
            kind: 'form',
            form: newReleaseForm(formFlows, String(read.values[FLOW_CHOICE_FIELD]), locale),
          },
        };
      }
      const release = await store.load(context.intent.releaseId);
      if (!release)
        return {
          ok: true,
          reply: text(say('not_found', locale, { id: context.intent.releaseId }), 'warning'),
        };
      const fields = intentFields(release, await deps.flowOf(release), context.intent);
      const read = readFields(fields, values, readCtx(ctx, locale));
      if (!read.ok) return read;
      // Whom a 转交 or 加签 names is refused next to the field, as on the release form.
      if (context.intent.stageEntry === release.stageEntry) {
        const flow = await deps.flowOf(release);
        const engineCtx = { flow, config, directory, now: deps.now() };
        const errors = checkNewHolder(
          release,
          context.intent.command,
          read.values,
          actorOf(ctx).person,
          engineCtx,
          deps.present(flow, locale),
        );
        if (Object.keys(errors).length) return { ok: false, errors };
      }
      const envelope = {
        command: commandOf(context.intent, read.values),
        stageEntry: context.intent.stageEntry,
      };
      const reply = await runCommand(deps, release.id, envelope, actorOf(ctx), locale, ctx.idempotencyKey);
      // Not saved: the form stays open with what was entered, so submitting again is one click.
      if (reply.kind === 'text' && reply.notSaved)
        return { ok: false, errors: { [SUBMISSION_ERROR]: reply.text } };
      return { ok: true, reply };
    } catch (err) {
      deps.log.error({ err, form: context.kind }, 'could not handle a submitted form');
      return { ok: false, errors: { [SUBMISSION_ERROR]: say('store_unavailable', locale) } };
    }
  }

  async function checkField(
    ctx: RequestContext,
    context: FormContext,
    fieldId: string,
    raw: unknown,
    answers: RawFormValues = {},
  ): Promise<FieldCheck> {
    const locale = localeFor(ctx.platform, ctx.userId);
    const rc = readCtx(ctx, locale);
    let fields: readonly FieldSpec[] = [];
    // Who a person field names, checked by the rules the submit applies (role, requester, two slots).
    let people: (value: FieldValue) => string | undefined = () => undefined;
    if (context.kind === 'new_release') {
      const flow = context.flowId ? deps.flows.find((f) => f.id === context.flowId) : undefined;
      fields = flow ? flow.form : context.flowId ? [] : [flowChoiceSpec(deps.flows)];
      if (flow)
        people = (value) => {
          const named: Record<string, FieldValue> = {};
          for (const f of flow.form) {
            if (f.type !== 'person' && f.type !== 'people') continue;
            const v = f.id === fieldId ? value : readValue(f, answers[f.id], rc);
            if (v !== undefined) named[f.id] = v;
          }
          return checkNamedPeople(flow, named, actorOf(ctx).person, directory, locale)[fieldId];
        };
    } else {
      // The store unreachable: the field is judged on submit (which says so), not refused here.
      const release = await store.load(context.intent.releaseId).catch(() => null);
      if (release) {
        const flow = await deps.flowOf(release);
        fields = intentFields(release, flow, context.intent);
        const engineCtx = { flow, config, directory, now: deps.now() };
        people = (value) =>
          checkNewHolder(
            release,
            context.intent.command,
            { [fieldId]: value },
            actorOf(ctx).person,
            engineCtx,
            deps.present(flow, locale),
          )[fieldId];
      }
    }
    const spec = fields.find((f) => f.id === fieldId);
    // A field the core does not know is judged on submit, with the rest.
    if (!spec) return { ok: true };
    const check = readOneField(spec, raw, rc);
    const value = check.ok ? readValue(spec, raw, rc) : undefined;
    const refused =
      value !== undefined && (spec.type === 'person' || spec.type === 'people') && people(value);
    return refused ? { ok: false, error: refused } : check;
  }

  async function press(ctx: RequestContext, intent: ButtonIntent): Promise<Reply> {
    const locale = localeFor(ctx.platform, ctx.userId);
    try {
      const release = await store.load(intent.releaseId);
      if (!release) return text(say('not_found', locale, { id: intent.releaseId }), 'warning');
      const flow = await deps.flowOf(release);
      if (intent.command.type === 'details')
        return { kind: 'message', message: detailsCard(release, deps.present(flow, locale)) };
      const c = intent.command;
      const needsInput =
        (c.type !== 'approve' || c.withComment === true) && intentFields(release, flow, intent).length > 0;
      const envelope = { command: commandOf(intent, {}), stageEntry: intent.stageEntry };
      if (needsInput && intent.stageEntry === release.stageEntry && release.status === 'active') {
        // Judged before the form opens, as it will be without the input: someone who may not do it
        // hears why now, not after filling in a form.
        const dry = transition(release, envelope, actorOf(ctx), {
          flow,
          config,
          directory,
          now: deps.now(),
        });
        // Only who may decide a gate is judged before its form; an action's own rules (a freeze, a
        // conflict) are judged with its input, as they were.
        if (dry.ok || INPUT_REFUSALS.has(dry.refusal.code) || !GATE_INTENTS.has(intent.command.type))
          return { kind: 'form', form: intentForm(release, intent, deps.present(flow, locale)) };
      }
      return await runCommand(deps, release.id, envelope, actorOf(ctx), locale, ctx.idempotencyKey, release);
    } catch (err) {
      deps.log.error({ err, releaseId: intent.releaseId }, 'could not handle a button');
      return text(say('store_unavailable', locale), 'error');
    }
  }

  async function refuseInvalidButton(ctx: RequestContext, releaseId: unknown): Promise<Reply> {
    const locale = localeFor(ctx.platform, ctx.userId);
    const reply = text(sayRefusal({ code: 'invalid_button' }, locale), 'warning');
    deps.metrics.refusals.inc({ reason: 'invalid_button' });
    // Only a well-formed id is looked up: anything else names no release (and reaches no store).
    if (typeof releaseId !== 'string' || !RELEASE_ID.test(releaseId)) {
      deps.log.info({ user: ctx.userId }, 'refused a button golive did not make');
      return reply;
    }
    try {
      for (let attempt = 0; attempt < 8; attempt++) {
        const release = await store.load(releaseId);
        if (!release) break;
        const entry = {
          actor: actorOf(ctx),
          what: 'refused',
          data: { code: 'invalid_button' },
          ...(ctx.idempotencyKey ? { request: ctx.idempotencyKey } : {}),
        };
        const record = recordAside(release, entry, deps.now());
        const saved = await store.commit({
          release: record.release,
          expectedVersion: release.version,
          events: [record.event],
          outbox: [],
          ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
        });
        if (saved.ok || saved.reason !== 'conflict') break;
      }
      deps.log.info({ user: ctx.userId, releaseId }, 'refused a button golive did not make');
    } catch (err) {
      // The person's answer does not depend on the audit entry: nothing they can retry would work.
      deps.log.error({ err, releaseId }, 'could not audit a refused button');
    }
    return reply;
  }

  async function command(ctx: RequestContext, typed: string): Promise<Reply> {
    const locale = localeFor(ctx.platform, ctx.userId);
    const cmd = parseCommand(typed);
    try {
      switch (cmd.kind) {
        case 'new':
          return { kind: 'form', form: newReleaseForm(formFlows, cmd.flowId, locale) };
        case 'list': {
          const { awaiting, awaitingTotal, mine, mineTotal } = await overview(ctx);
          const messages = [...awaiting, ...mine];
          // What the core left unread, of both lists: the adapter says "and n more".
          const more = awaitingTotal - awaiting.length + (mineTotal - mine.length);
          return {
            kind: 'messages',
            messages,
            empty: say('list_empty', locale),
            ...(more > 0 ? { more } : {}),
          };
        }
        case 'status': {
          const release = await store.load(cmd.releaseId);
          if (!release) return text(say('not_found', locale, { id: cmd.releaseId }), 'warning');
          return {
            kind: 'message',
            message: statusCard(release, deps.present(await deps.flowOf(release), locale)),
          };
        }
        case 'show': {
          const release = await store.load(cmd.releaseId);
          if (!release) return text(say('not_found', locale, { id: cmd.releaseId }), 'warning');
          return {
            kind: 'message',
            message: detailsCard(release, deps.present(await deps.flowOf(release), locale)),
          };
        }
        case 'cancel':
        case 'withdraw': {
          const envelope = {
            command: { type: cmd.kind, ...(cmd.reason ? { reason: cmd.reason } : {}) },
          };
          return await runCommand(deps, cmd.releaseId, envelope, actorOf(ctx), locale, ctx.idempotencyKey);
        }
        case 'which': {
          // "/release withdraw" without a number: the person's open releases, each with the command.
          const open = await store.openBy(actorOf(ctx).person, OPEN_PAGE);
          const lines = open.releases.map((r) => `/release ${cmd.verb} ${r.id} — ${r.title}`);
          return text(
            lines.length
              ? [say('which_release', locale, { verb: cmd.verb }), ...lines].join('\n')
              : say('which_none', locale, { verb: cmd.verb }),
            'info',
          );
        }
        case 'board':
          return await sendBoardLink(deps, ctx, actorOf(ctx).person, locale);
        case 'calendar':
          return await calendarReply(deps, actorOf(ctx).person, cmd.period, locale);
        case 'help':
          return text(say('help', locale), 'info');
        case 'unknown':
          return text(
            `${say('unknown_command', locale, { text: cmd.text })}\n${say('help', locale)}`,
            'warning',
          );
      }
    } catch (err) {
      deps.log.error({ err, command: cmd.kind }, 'could not handle a typed command');
      return text(say('store_unavailable', locale), 'error');
    }
  }

  const unknown = unknownWriters(directory, deps.log);
  return {
    localeFor,
    command(ctx, typed) {
      unknown.note(ctx);
      return command(ctx, typed);
    },
    newReleaseForm: (ctx, flowId) => newReleaseForm(formFlows, flowId, localeFor(ctx.platform, ctx.userId)),
    submit(ctx, context, values) {
      unknown.note(ctx);
      return submit(ctx, context, values);
    },
    press(ctx, intent) {
      unknown.note(ctx);
      return press(ctx, intent);
    },
    checkField,
    refuseInvalidButton(ctx, releaseId) {
      unknown.note(ctx);
      return refuseInvalidButton(ctx, releaseId);
    },
    overview(ctx) {
      unknown.note(ctx);
      return overview(ctx);
    },
  };
}
