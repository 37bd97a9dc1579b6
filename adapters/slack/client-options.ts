import slackWebApi, { type WebClientOptions } from '@slack/web-api';
import { createSlackFetch } from './http-fetch.js';

/** The Web API client's default base URL. */
const SLACK_API = 'https://slack.com/api/';

/**
 * How golive's Web API clients are set up (the adapter's, and the delivery thread's own): base URL,
 * the keep-alive `fetch`, and retries bounded so one call never holds the outbox for half an hour.
 */
export function slackClientOptions(opts: {
  apiUrl?: string;
  retries?: number;
  /** Sends what is not a Web API call (Bolt's `respond`: answers to response_url); default the same fetch. */
  respondFetch?: typeof fetch;
}): WebClientOptions {
  const clientOptions: WebClientOptions = {};
  const apiBase = opts.apiUrl ? (opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`) : SLACK_API;
  if (opts.apiUrl) clientOptions.slackApiUrl = apiBase;
  const webApiFetch = createSlackFetch();
  const respondFetch = opts.respondFetch;
  // Bolt makes `respond` with the client's fetch: the Web API stays here, the rest goes to respondFetch.
  clientOptions.fetch = respondFetch
    ? (((input, init) =>
        (input instanceof Request ? input.url : String(input)).startsWith(apiBase)
          ? webApiFetch(input, init)
          : respondFetch(input, init)) as typeof fetch)
    : webApiFetch;
  // The core's outbox retries undelivered messages itself, so one Web API call should not hold the
  // line for the client's default half hour: a few retries within five minutes, then give up.
  clientOptions.retryConfig =
    opts.retries !== undefined
      ? { retries: opts.retries }
      : slackWebApi.retryPolicies.fiveRetriesInFiveMinutes;
  return clientOptions;
}

/**
 * The client the outbox sends with: it never waits inside a call. A 429 is thrown at once with its
 * Retry-After (the SDK otherwise pauses the client's whole queue — every release's messages — and
 * retries), and a failed call is not retried by the SDK: the outbox puts the message off and serves
 * other destinations meanwhile (src/service/rate-holds.ts, delivery.ts).
 */
export function outboxClientOptions(options: WebClientOptions): WebClientOptions {
  return { ...options, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } };
}
