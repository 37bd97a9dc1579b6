import { ConfigError } from '../config/load.js';
import type { GoliveConfig } from '../config/schema.js';

/**
 * The signing secret of every configured webhook, read once at start from the environment variable its
 * `secretEnv` names. A variable that is unset or empty stops the start with the config path to fix.
 */
export function webhookSecrets(config: GoliveConfig, env: NodeJS.ProcessEnv): Map<string, string> {
  const secrets = new Map<string, string>();
  const missing: string[] = [];
  for (const [i, team] of config.teams.entries())
    for (const [j, hook] of team.webhooks.entries()) {
      const secret = env[hook.secretEnv]?.trim();
      if (secret) secrets.set(hook.id, secret);
      else
        missing.push(
          `  - field teams.${i}.webhooks.${j}.secretEnv: ${hook.secretEnv} is not set; put the webhook's signing secret in it (see .env.example)`,
        );
    }
  if (missing.length) throw new ConfigError(`webhook secrets are missing:\n${missing.join('\n')}`);
  return secrets;
}
