import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../src/log.js';

const LEVELS: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/**
 * Bolt and its Web API client log through this, so their lines land in golive's pino logger (with
 * its secret redaction) instead of the console.
 */
export function slackLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack' });
  // Follow golive's LOG_LEVEL, so LOG_LEVEL=debug also shows Bolt's and the Web API client's debug lines.
  let level: LogLevel = log.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO;
  const enabled = (l: LogLevel) => LEVELS.indexOf(l) >= LEVELS.indexOf(level);
  const line = (msg: unknown[]) =>
    msg
      .map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m)))
      .join(' ');
  return {
    debug: (...msg) => enabled(LogLevel.DEBUG) && child.debug(line(msg)),
    info: (...msg) => enabled(LogLevel.INFO) && child.info(line(msg)),
    warn: (...msg) => enabled(LogLevel.WARN) && child.warn(line(msg)),
    error: (...msg) => enabled(LogLevel.ERROR) && child.error(line(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
