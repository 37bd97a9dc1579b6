export { createSlackAdapter, type SlackAdapter, type SlackAdapterConfig } from './create-adapter.js';
export { SLACK_EVENTS_PATH } from './http-mount.js';
