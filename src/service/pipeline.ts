import { createHash, timingSafeEqual } from 'node:crypto';
import type { GateReason, ReleaseView } from '../api/schemas.js';
import { activeFreeze, plannedWindow } from '../calendar/conflicts.js';
import type { PipelineSpec } from '../config/schema.js';
import type { Actor, AuditEvent, Deployment, Release } from '../domain/types.js';
import { launchOf } from '../engine/deployments.js';
import { recordRefusal } from '../engine/refusal-record.js';
import { transition } from '../engine/transition.js';
import type { FlowSpec } from '../flow/schema.js';
import { sayRefusal } from '../i18n/say.js';
import { localize } from '../i18n/text.js';
import type { CoreDeps } from './deps.js';
import { toOutbox } from './outbox.js';
import { overlappingNow } from './window-conflicts.js';

const MAX_ATTEMPTS = 8;

/** The SHA-256 of a token, hex: what the config keeps instead of the token. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The pipeline a bearer token belongs to, compared in constant time; undefined for any other. */
export function pipelineOf(pipelines: readonly PipelineSpec[], authorization: string | undefined) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const hash = Buffer.from(tokenHash(token), 'hex');
  return pipelines.find((p) => timingSafeEqual(hash, Buffer.from(p.tokenSha256, 'hex')));
}

export const mayTouch = (p: PipelineSpec, system: string): boolean =>
  p.systems.includes('*') || p.systems.includes(system);

/** The version a release ships: its form's `version` or `repo_tag`. */
export function versionOf(r: Release): string | null {
  const v = r.fields.version ?? r.fields.repo_tag;
  return typeof v === 'string' && v ? v : null;
}

export type DeployAnswer =
  | { kind: 'recorded'; replayed: boolean; release: ReleaseView }
  | { kind: 'not_found' }
  | { kind: 'forbidden' }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'busy' };

export type GateAnswer = { open: true; release: ReleaseView } | { open: false; reasons: GateReason[] };

/** What the pipeline API (adapters/api) asks of the core. */
export interface PipelineService {
  /** The pipeline whose token this `Authorization` header carries. */
  authenticate(authorization: string | undefined): PipelineSpec | undefined;
  mayTouch(pipeline: PipelineSpec, system: string): boolean;
  release(id: string): Promise<{ release: Release; view: ReleaseView } | null>;
  /** Whether a release of the system (and version) is approved for production now, or why not. */
  gate(system: string, version: string | undefined): Promise<GateAnswer>;
  deploy(
    pipeline: PipelineSpec,
    releaseId: string,
    d: Deployment,
    idempotencyKey: string,
  ): Promise<DeployAnswer>;
}

const T = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export function createPipelineService(deps: CoreDeps): PipelineService {
  const { config, store } = deps;

  /** Why the release may not be deployed now (empty: it may). */
  async function reasonsOf(r: Release, flow: FlowSpec, now: Date): Promise<GateReason[]> {
    const launch = launchOf(flow);
    if (r.status !== 'active' || !launch || r.stage !== launch.stage.id)
      return [
        {
          code: 'not_approved',
          release: r.id,
          stage: r.stage,
          message: T(
            `${r.id} 还没有通过上线签字（当前阶段：${localize(stageTitleOf(flow, r.stage), 'zh-CN')}）。`,
            `${r.id} has not passed its sign-off (it is at: ${localize(stageTitleOf(flow, r.stage), 'en')}).`,
          ),
        },
      ];
    const reasons: GateReason[] = [];
    const window = plannedWindow(r.window);
    if (window && (now < window.start || now >= window.end))
      reasons.push({
        code: 'outside_window',
        release: r.id,
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
        message: T(
          `现在不在 ${r.id} 的计划上线窗口内（${window.start.toISOString()} → ${window.end.toISOString()}）。`,
          `Now is outside the planned window of ${r.id} (${window.start.toISOString()} → ${window.end.toISOString()}).`,
        ),
      });
    const freeze = flow.emergency ? undefined : activeFreeze(config, r.system, now);
    if (freeze)
      reasons.push({
        code: 'frozen',
        release: r.id,
        until: freeze.end,
        message: T(
          `封版中（${freeze.reason['zh-CN']}），到 ${freeze.end} 结束。`,
          `A freeze holds (${freeze.reason.en}) until ${freeze.end}.`,
        ),
      });
    if (config.conflictPolicy === 'block' && !flow.emergency) {
      const others = await overlappingNow(deps, r);
      if (others.length)
        reasons.push({
          code: 'conflict',
          release: r.id,
          releases: others,
          message: T(
            `${r.id} 的计划窗口与同一系统的 ${others.join('、')} 重叠，团队规定冲突时不能上线。`,
            `The window of ${r.id} overlaps ${others.join(', ')} of the same system; the team blocks conflicts.`,
          ),
        });
    }
    return reasons;
  }

  async function view(r: Release, flow: FlowSpec, reasons?: GateReason[]): Promise<ReleaseView> {
    const events = await store.events(r.id);
    const gateReasons = reasons ?? (await reasonsOf(r, flow, deps.now()));
    return {
      id: r.id,
      title: r.title,
      flow: {
        id: flow.id,
        version: flow.version,
        title: { 'zh-CN': flow.title['zh-CN'], en: flow.title.en },
      },
      system: r.system,
      version: versionOf(r),
      status: r.status,
      stage: { id: r.stage, title: both(stageTitleOf(flow, r.stage)) },
      requester: r.requester,
      approvals: approvalsOf(events),
      window: r.window ? { start: r.window.start ?? null, end: r.window.end ?? null } : null,
      launchedAt: r.launchedAt ?? null,
      launchFailures: r.loops.launch_failed ?? 0,
      conflicts: (r.conflicts ?? []).map((c) => ({ ...c })),
      gate: { open: gateReasons.length === 0, reasons: gateReasons },
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  return {
    authenticate: (authorization) => pipelineOf(config.pipelines, authorization),
    mayTouch,

    async release(id) {
      const r = await store.load(id);
      if (!r) return null;
      return { release: r, view: await view(r, await deps.flowOf(r)) };
    },

    async gate(system, version) {
      const open = await store.list({ status: ['active'], system, limit: 200 });
      const candidates = open.filter((r) => version === undefined || versionOf(r) === version);
      if (!candidates.length)
        return {
          open: false,
          reasons: [
            {
              code: 'no_release',
              release: null,
              message: version
                ? T(
                    `系统 ${system} 没有版本为 ${version} 的进行中发布。`,
                    `No open release of ${system} at version ${version}.`,
                  )
                : T(`系统 ${system} 没有进行中的发布。`, `No open release of ${system}.`),
            },
          ],
        };
      const now = deps.now();
      const all: GateReason[] = [];
      for (const r of candidates) {
        const flow = await deps.flowOf(r);
        const reasons = await reasonsOf(r, flow, now);
        if (!reasons.length) return { open: true, release: await view(r, flow, reasons) };
        all.push(...reasons);
      }
      return { open: false, reasons: all };
    },

    async deploy(pipeline, releaseId, d, idempotencyKey) {
      const actor: Actor = { person: `pipeline:${pipeline.id}`, platform: 'pipeline' };
      // Keys are the pipeline's own: two pipelines choosing the same key do not collide.
      const key = `pipeline:${pipeline.id}:${idempotencyKey}`;
      const envelope = { command: { type: 'deploy' as const, deployment: d } };
      // A repeat of an applied request is answered as such before it is judged again: the release has
      // moved on since, and judged now it would be refused.
      const seen = await store.findByIdempotencyKey(key);
      if (seen) {
        const release = await store.load(seen.releaseId);
        if (!release) return { kind: 'not_found' };
        if (release.id !== releaseId || !mayTouch(pipeline, release.system)) return { kind: 'forbidden' };
        return replay(release, await deps.flowOf(release));
      }
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const release = await store.load(releaseId);
        if (!release) return { kind: 'not_found' };
        if (!mayTouch(pipeline, release.system)) return { kind: 'forbidden' };
        const flow = await deps.flowOf(release);
        const now = deps.now();
        const result = transition(release, envelope, actor, {
          flow,
          config,
          directory: deps.directory,
          now,
          request: key,
        });
        if (!result.ok) {
          const record = recordRefusal(release, envelope.command, result.refusal, actor, now, key);
          // Recorded without the key: the same request may be sent again once the release is ready for it.
          const saved = await store.commit({
            release: record.release,
            expectedVersion: release.version,
            events: [record.event],
            outbox: [],
          });
          if (!saved.ok) continue;
          deps.metrics.refusals.inc({ reason: result.refusal.code });
          deps.log.info(
            { releaseId, pipeline: pipeline.id, code: result.refusal.code },
            'deployment refused',
          );
          return {
            kind: 'refused',
            code: result.refusal.code,
            message: sayRefusal(result.refusal, 'en'),
          };
        }
        const saved = await store.commit({
          release: result.release,
          expectedVersion: release.version,
          events: [result.event],
          outbox: toOutbox(result.release, result.effects, now),
          idempotencyKey: key,
        });
        if (saved.ok) {
          deps.metrics.decisions.inc({ what: result.event.what });
          deps.afterCommit(result.release);
          return { kind: 'recorded', replayed: false, release: await view(result.release, flow) };
        }
        if (saved.reason === 'duplicate') return replay(release, flow);
      }
      return { kind: 'busy' };
    },
  };

  /** A repeated request: nothing new is recorded; the answer is the release as it is now. */
  async function replay(release: Release, flow: FlowSpec): Promise<DeployAnswer> {
    const now = (await store.load(release.id)) ?? release;
    return { kind: 'recorded', replayed: true, release: await view(now, flow) };
  }
}

const both = (t: { 'zh-CN': string; en: string }) => ({ 'zh-CN': t['zh-CN'], en: t.en });

function stageTitleOf(flow: FlowSpec, stage: string) {
  return flow.stages.find((s) => s.id === stage)?.title ?? { 'zh-CN': stage, en: stage };
}

function approvalsOf(events: readonly AuditEvent[]): ReleaseView['approvals'] {
  return events
    .filter((e) => e.what === 'approve' || e.what === 'reject')
    .map((e) => ({
      by: e.actor.person,
      decision: e.what === 'approve' ? ('approved' as const) : ('rejected' as const),
      at: e.at,
      stage: e.stageBefore ?? e.stageAfter,
      ...(e.comment ? { comment: e.comment } : {}),
    }));
}
