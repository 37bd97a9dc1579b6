import { decodeIntent } from '../../adapters/slack/button-value.js';
import type { ButtonIntent } from '../../src/conversation/model.js';
import type { FakeSlackApi } from '../fakes/slack-api.js';

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Json[] };
type Json = Record<string, unknown>;

/** A message as a Slack client would show it now: the latest version after every chat.update. */
export interface SeenMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: Block[];
  /** How many times it was edited. */
  edits: number;
}

export interface SeenButton {
  label: string;
  actionId: string;
  value: string;
  intent: ButtonIntent;
  style?: string;
  confirm?: { title: string; text: string; ok: string; cancel: string };
  message: SeenMessage;
}

const unescapeMrkdwn = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Reads the recorded Web API calls back as what people would see in Slack: channels and DMs with
 * their messages (edits applied), each card's header, fields and buttons, and private answers.
 */
export class SlackScreen {
  constructor(private readonly fake: FakeSlackApi) {}

  /** Messages posted to a channel or DM, oldest first, in their latest version. */
  messages(channel: string): SeenMessage[] {
    const byTs = new Map<string, SeenMessage>();
    for (const call of this.fake.calls) {
      // A call Slack refused (an error, a rate limit) showed nothing.
      if (call.result?.ok !== true) continue;
      const a = call.args;
      if (call.method === 'chat.postMessage' && a.channel === channel) {
        const ts = String(call.result?.ts ?? '');
        const seen: SeenMessage = {
          channel,
          ts,
          text: String(a.text ?? ''),
          blocks: (a.blocks ?? []) as Block[],
          edits: 0,
        };
        if (typeof a.thread_ts === 'string') seen.threadTs = a.thread_ts;
        byTs.set(ts, seen);
      }
      if (call.method === 'chat.update' && a.channel === channel) {
        const seen = byTs.get(String(a.ts));
        if (seen)
          Object.assign(seen, {
            text: String(a.text ?? ''),
            blocks: a.blocks as Block[],
            edits: seen.edits + 1,
          });
      }
    }
    return [...byTs.values()];
  }

  /** A person's DM channel with the bot (the fake opens `D_<user id>`). */
  dms(userId: string): SeenMessage[] {
    return this.messages(`D_${userId}`);
  }

  /** Top-level messages of a channel (not thread replies). */
  cards(channel: string): SeenMessage[] {
    return this.messages(channel).filter((m) => !m.threadTs);
  }

  /** Thread replies under a message. */
  thread(channel: string, ts: string): SeenMessage[] {
    return this.messages(channel).filter((m) => m.threadTs === ts);
  }

  /** The newest button in a person's DMs that matches. */
  button(userId: string, match: (b: SeenButton) => boolean): SeenButton | undefined {
    for (const m of [...this.dms(userId)].reverse()) {
      const found = buttons(m).find(match);
      if (found) return found;
    }
    return undefined;
  }

  /** Private answers (response_url and chat.postEphemeral) to a user, oldest first, as text. */
  privateAnswers(userId: string): string[] {
    return this.fake.calls
      .filter(
        (c) =>
          (c.method === 'chat.postEphemeral' && c.args.user === userId) ||
          (c.method === 'response_url' && String(c.args.id).startsWith(`${userId}:`)),
      )
      .map((c) => unescapeMrkdwn(String(c.args.text ?? '')));
  }
}

export function header(m: SeenMessage): string {
  const h = m.blocks.find((b) => b.type === 'header');
  // Drop the tone mark the renderer puts first.
  return unescapeMrkdwn(h?.text?.text ?? '').replace(/^\S+\s/, '');
}

export function fields(m: SeenMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of m.blocks) {
    for (const f of b.fields ?? []) {
      const match = /^\*(.*?)\*\n([\s\S]*)$/.exec(f.text);
      if (match) out[unescapeMrkdwn(match[1] ?? '')] = unescapeMrkdwn(match[2] ?? '');
    }
  }
  return out;
}

/** All visible text of a message (sections, fields, context). */
export function visibleText(m: SeenMessage): string {
  return unescapeMrkdwn(JSON.stringify(m.blocks));
}

export function buttons(m: SeenMessage): SeenButton[] {
  const out: SeenButton[] = [];
  for (const b of m.blocks.filter((x) => x.type === 'actions')) {
    for (const e of b.elements ?? []) {
      const intent = decodeIntent(String(e.value));
      if (!intent) continue;
      const c = e.confirm as
        | {
            title: { text: string };
            text: { text: string };
            confirm: { text: string };
            deny: { text: string };
          }
        | undefined;
      const seen: SeenButton = {
        label: (e.text as { text: string }).text,
        actionId: String(e.action_id),
        value: String(e.value),
        intent,
        message: m,
      };
      if (typeof e.style === 'string') seen.style = e.style;
      if (c)
        seen.confirm = { title: c.title.text, text: c.text.text, ok: c.confirm.text, cancel: c.deny.text };
      out.push(seen);
    }
  }
  return out;
}
