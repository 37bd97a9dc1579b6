import type { GoliveConfig, Person } from '../../src/config/schema.js';
import type { Logger } from '../../src/log.js';
import { sayIn } from '../doctor/texts.js';
import { isExampleConfig } from './example-config.js';
import type { PersonLookup } from './person-lookup.js';

/** How to find the right id, per platform (the doctor's words; logs are in English). */
const say = sayIn('en');
const FIND_ID: Record<'slack' | 'feishu', string> = {
  slack: say('slackPeopleFix'),
  feishu: say('feishuPeopleFix'),
};

export interface SetupCheckOptions {
  config: GoliveConfig;
  /** The config file in use. */
  configPath?: string | undefined;
  log: Logger;
  /** Looks up a person id on each configured platform. */
  lookups: Partial<Record<'slack' | 'feishu', (id: string) => Promise<PersonLookup>>>;
}

const PLACEHOLDER_NOTE =
  'golive is connected to a real platform but uses config/example.yaml, whose people are placeholders ' +
  '(U0000ALICE, ou_000…alice): their direct messages will fail. Copy it, put your team in it and point ' +
  'GOLIVE_CONFIG at the copy';

/**
 * Warnings a newcomer needs at start: the example config used with a real platform, and configured
 * people a platform does not know (whose direct messages would fail with `user_not_found`). Runs
 * after start, in the background; logs, never throws.
 */
export async function warnAboutSetup(opts: SetupCheckOptions): Promise<void> {
  const { config, log } = opts;
  const platforms = (Object.keys(opts.lookups) as ('slack' | 'feishu')[]).filter((p) => opts.lookups[p]);
  if (!platforms.length) return;
  if (isExampleConfig(opts.configPath)) log.warn({ config: opts.configPath }, PLACEHOLDER_NOTE);
  for (const platform of platforms) {
    const lookup = opts.lookups[platform]!;
    const people = config.people.filter((p) => p[platform]);
    try {
      for (const person of people) {
        const id = person[platform]!;
        const result = await lookup(id);
        if ('unchecked' in result) {
          log.info({ platform }, `configured ${platform} ids are not checked: ${result.unchecked}`);
          break;
        }
        if (!result.found) warnUnknown(log, platform, person, id, result.why);
      }
    } catch (err) {
      log.warn(
        { err, platform },
        `could not check the configured ${platform} ids; npm run doctor tells more`,
      );
    }
  }
}

function warnUnknown(log: Logger, platform: 'slack' | 'feishu', person: Person, id: string, why: string) {
  log.warn(
    { platform, person: person.id, platformId: id },
    `${person.name} (${person.id}) has ${platform} id ${id}, which ${platform} does not know: ${why}. ` +
      `Their messages will fail; ${FIND_ID[platform]}`,
  );
}
