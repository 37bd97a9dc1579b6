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
    await core.flush();
  }
  return { surface, done: run() };
}
