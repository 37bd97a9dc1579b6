import type { Logger } from '../../src/log.js';
import type { LinkReporter } from '../../src/server/readiness.js';

/** The Feishu codes of `/callback/ws/endpoint` that mean another try cannot help: the app must change. */
const REFUSALS: Record<number, string> = {
  514:
    'Feishu refused FEISHU_APP_ID / FEISHU_APP_SECRET for the long connection (code 514, auth failed): ' +
    'copy both again from the developer console (凭证与基础信息 / Credentials & Basic Info) and restart golive',
  403:
    'Feishu does not offer this app the long connection (code 403): it is for self-built apps ' +
    '(企业自建应用); otherwise use FEISHU_MODE=webhook',
};

/** Waits before starting the long connection again after a failure another try may fix, ms. */
const RETRY_MS = [5_000, 15_000, 30_000, 60_000];

/** The code inside the SDK's "pullConnectConfig failed: code=514, msg=…" error. */
function codeOf(err: Error): number | undefined {
  const m = /code=(\d+)/.exec(err.message);
  return m ? Number(m[1]) : undefined;
}

/** Checks what the SDK would refuse silently: it logs and returns when the App ID is not `cli_` + 16 hex digits. */
export function appIdProblem(appId: string): string | undefined {
  if (/^cli_[0-9a-fA-F]{16}$/.test(appId)) return undefined;
  return (
    `FEISHU_APP_ID "${appId}" is not an App ID (cli_ followed by 16 hex digits): copy it from the ` +
    'developer console (凭证与基础信息 / Credentials & Basic Info) and restart golive'
  );
}

/**
 * The long connection's callbacks (`onReady`, `onError`, …) routed into `link`, which `/readyz`
 * reports, with a log line that says what to fix. The SDK gives up for good after an error at its
 * endpoint call (a wrong secret: code 514) or after it ran out of reconnects; the second kind is
 * started again here (`restart`), the first is left failed until golive is restarted with a fix.
 */
export function longConnectionLink(opts: { link: LinkReporter; log: Logger; restart: () => void }) {
  const { link, log } = opts;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  return {
    callbacks: {
      onReady: () => {
        attempt = 0;
        link.connected();
        log.info('feishu long connection ready');
      },
      onReconnecting: () => link.reconnecting(),
      onReconnected: () => {
        link.connected();
        log.info('feishu long connection connected again');
      },
      onError: (err: Error) => {
        if (closed) return;
        const code = codeOf(err);
        const refused = code !== undefined ? REFUSALS[code] : undefined;
        if (refused) {
          link.failed(refused);
          log.error({ code }, `feishu long connection cannot connect: ${refused}`);
          return;
        }
        const waitMs = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 60_000;
        attempt += 1;
        const problem =
          code === 1000040350
            ? `Feishu refused another long connection for this app (code ${code}: at most 50 per app); trying again in ${waitMs / 1000} s`
            : `the long connection failed (${err.message}); trying again in ${waitMs / 1000} s — check that this host reaches Feishu's open platform`;
        link.connecting(problem);
        log.warn(`feishu long connection: ${problem}`);
        timer = setTimeout(() => {
          if (!closed) opts.restart();
        }, waitMs);
        timer.unref();
      },
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
