import { releaseIdOf } from '../domain/release-id.js';

/** A `/release …` command as typed, before anything is looked up. */
export type TypedCommand =
  | { kind: 'new'; flowId?: string }
  | { kind: 'list' }
  | { kind: 'status'; releaseId: string }
  | { kind: 'show'; releaseId: string }
  | { kind: 'cancel' | 'withdraw'; releaseId: string; reason?: string }
  | { kind: 'help' }
  /** A command that needs a release, typed without one: the person is asked which. */
  | { kind: 'which'; verb: 'status' | 'show' | 'withdraw' | 'cancel' }
  | { kind: 'board' }
  /** `/release calendar [period]`: the words of the period as typed (calendar/range.ts reads them). */
  | { kind: 'calendar'; period: string }
  | { kind: 'unknown'; text: string };

/** Parses the text after `/release` (a leading "/release" is tolerated). Chinese verbs work too. */
export function parseCommand(text: string): TypedCommand {
  const words = text
    .trim()
    .replace(/^\/?release\b/i, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const [verb = 'help', arg, ...rest] = words;
  switch (verb.toLowerCase()) {
    case 'new':
    case '新建':
      return arg ? { kind: 'new', flowId: arg.toLowerCase() } : { kind: 'new' };
    case 'list':
    case 'ls':
    case '列表':
      return { kind: 'list' };
    case 'status':
    case '状态': {
      const id = releaseIdOf(arg);
      if (!arg) return { kind: 'which', verb: 'status' };
      return id ? { kind: 'status', releaseId: id } : { kind: 'unknown', text };
    }
    case 'show':
    case 'details':
    case '详情': {
      const id = releaseIdOf(arg);
      if (!arg) return { kind: 'which', verb: 'show' };
      return id ? { kind: 'show', releaseId: id } : { kind: 'unknown', text };
    }
    case 'cancel':
    case '取消':
    case 'withdraw':
    case '撤回': {
      const id = releaseIdOf(arg);
      const kind = verb === 'withdraw' || verb === '撤回' ? 'withdraw' : 'cancel';
      if (!arg) return { kind: 'which', verb: kind };
      if (!id) return { kind: 'unknown', text };
      return rest.length ? { kind, releaseId: id, reason: rest.join(' ') } : { kind, releaseId: id };
    }
    case 'calendar':
    case 'cal':
    case '日历':
    case '发布日历':
      return { kind: 'calendar', period: [arg, ...rest].filter(Boolean).join(' ') };
    case 'board':
    case '看板':
      return { kind: 'board' };
    case 'help':
    case '帮助':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', text: text.trim().slice(0, 100) };
  }
}
