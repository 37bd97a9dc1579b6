import { relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../../src/log.js';
import type { GoliveCore } from '../../src/service/api.js';
import { LocalSession } from './session.js';
import { LocalSurface } from './surface.js';
import { t } from './texts.js';
import { Transcript } from './transcript.js';

export interface LocalModeOptions {
  core: GoliveCore;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A person at a terminal (prompt, line editing) rather than a piped script (echoed lines). */
  interactive: boolean;
  /** Whom you act as first; default the first person of the config, else "me". */
  user?: string;
  /** The channel releases started here report in. */
  channel?: string;
  log?: Logger;
  /** Why the terminal opened and with which files: said under the welcome, for someone who expected Slack or Feishu. */
  why?: LocalModeWhy;
}

/** Why local mode opened (`npm start` decides it from the environment). */
export interface LocalModeWhy {
  /** GOLIVE_LOCAL asked for it (otherwise no platform is configured). */
  forced: boolean;
  /** The config file in use. */
  config: string;
  /** The env file that was read, if one was. */
  envFile?: string | undefined;
  /** The env file looked for (undefined: turned off). */
  lookedFor?: string | undefined;
}

/** A path as short as it can be said: relative to the working directory when inside it. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function whyText(locale: Parameters<typeof t>[0], why: LocalModeWhy): string {
  const config = why.config ? shortPath(why.config) : '—';
  if (why.forced) return t(locale, 'whyForced', { config });
  if (why.envFile) return t(locale, 'whyNoPlatformRead', { envFile: shortPath(why.envFile), config });
  return t(locale, 'whyNoPlatformNoFile', { envFile: shortPath(why.lookedFor ?? '.env'), config });
}

export interface LocalMode {
  surface: LocalSurface;
  /** Settles when the input ends or the user types /quit, after pending messages were delivered. */
  done: Promise<void>;
}

/**
 * Local mode: the terminal as a chat platform. One person acts as several users, types commands,
 * answers forms field by field and presses buttons by number; a piped script does the same, and
 * its transcript reads like the conversation.
 */
export function startLocalMode(opts: LocalModeOptions): LocalMode {
  const { core, interactive } = opts;
  const nameOf = (id: string) => core.config.people.find((p) => p.id === id)?.name ?? id;
  const out = new Transcript(opts.output, interactive, nameOf);
  const surface = new LocalSurface({
    write: (text) => out.write(text),
    localeOf: (id) => core.localeFor('local', id),
    teamLocale: core.config.locale,
    nameOf,
  });
  const first = opts.user ?? core.config.people[0]?.id ?? 'me';
  const session = new LocalSession(core, surface, out, opts.channel ?? 'team', first, opts.log);
  const rl = createInterface({
    input: opts.input,
    ...(interactive ? { output: opts.output } : {}),
    terminal: interactive,
  });
  const prompt = () => `${session.user}> `;
  out.reprompt = () => {
    rl.setPrompt(prompt());
    rl.prompt(true);
  };
  // Ctrl-C at the prompt leaves like /quit instead of leaving readline paused.
  rl.on('SIGINT', () => rl.close());

  out.write(t(session.locale, 'welcome', { name: nameOf(first) }));
  if (opts.why) out.write(whyText(session.locale, opts.why));
  core.attach(surface);

  async function run() {
    if (interactive) out.reprompt();
    for await (const line of rl) {
      out.busy = true;
      out.nextLine();
      if (!interactive) out.write(line.startsWith('#') ? line : `${prompt()}${line}`, true);
      const goOn = line.startsWith('#') || (await session.handle(line));
      // Scripted or not, what the line caused is printed before the next prompt.
      await core.flush();
      out.busy = false;
      if (!goOn) break;
      if (interactive) out.reprompt();
    }
    rl.close();
    session.endOfInput();
    await core.flush();
  }
  return { surface, done: run() };
}
