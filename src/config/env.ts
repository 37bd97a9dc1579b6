import { z } from 'zod';
import { MONGO_SERVERS } from '../store/mongo/ferretdb.js';
import { ConfigError } from './load.js';

const optional = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/**
 * The core's environment variables, validated once at start-up by the composition root (adapters/app.ts),
 * which also reads each platform's own variables there (SLACK_*, FEISHU_*) and passes them down.
 */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  GOLIVE_CONFIG: optional,
  FLOWS_DIR: optional,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: optional,
  MONGODB_DB: z.string().default('golive'),
  /**
   * Which server MONGODB_URI reaches: `detect` asks it; `mongodb` / `ferretdb` say so (FerretDB, the
   * test server, gets a few work-arounds: src/store/mongo/ferretdb.ts).
   */
  MONGODB_SERVER: z.enum(MONGO_SERVERS).default('detect'),
  /** Forces local (terminal) mode even when platform credentials are set. */
  GOLIVE_LOCAL: optional,
  /** How often the scheduler polls for due jobs, ms (tests shorten it). */
  SCHEDULER_POLL_MS: z.coerce.number().int().min(10).default(5000),
  /**
   * How long a message being sent stays claimed by its sender unless renewed, ms: after a crash, a
   * restarted or other replica resumes that release's messages within this time.
   */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).default(10_000),
  /**
   * `inline` (default): messages are rendered and sent on the event loop that answers requests;
   * `thread`: with Slack and a durable store, on a thread of their own (adapters/delivery-worker).
   */
  DELIVERY: z.enum(['thread', 'inline']).default('inline'),
  /**
   * The address people's browsers reach golive at (the release board and its sign-in links), e.g.
   * https://golive.example.com. Default http://localhost:PORT.
   */
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim().replace(/\/+$/, '') : undefined))
    .refine(
      (v) => v === undefined || /^https?:\/\/[^/\s]+(\/\S*)?$/.test(v),
      'expected an http(s) URL such as https://golive.example.com',
    ),
  /** How long a release board session lasts after signing in, in hours. */
  BOARD_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  /** When set, `GET /metrics` asks for `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open (keep it off the public listener). */
  METRICS_TOKEN: optional,
});
export type GoliveEnv = z.infer<typeof envSchema>;

export function readEnv(env: NodeJS.ProcessEnv = process.env): GoliveEnv {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`environment is invalid (see .env.example):\n${lines.join('\n')}`);
}
