/**
 * What a team's webhook may ask to be told of (config `teams[].webhooks[].events`), each posted as
 * `X-Golive-Event` and the payload's `event`:
 * - `created`: a release was created;
 * - `approved`: a gate was passed (every approval it needs given; `gate.signOff` marks the sign-off
 *   before the launch — the release is then approved for production);
 * - `rejected`: an approver rejected at a gate;
 * - `launch_applied`: the requester applied for the launch (the sign-off is asked for next);
 * - `launched`: the launch was completed (the button, or a pipeline's `succeeded` deployment);
 * - `launch_failed`: a pipeline reported the deployment `failed` or `rolled_back`;
 * - `done`: the release is done (production verified, or the flow's last stage reached);
 * - `withdrawn`: the requester withdrew it; `cancelled`: it was cancelled.
 */
export const WEBHOOK_EVENTS = [
  'created',
  'approved',
  'rejected',
  'launch_applied',
  'launched',
  'launch_failed',
  'done',
  'withdrawn',
  'cancelled',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];
