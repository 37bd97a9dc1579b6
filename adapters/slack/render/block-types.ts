import type { types } from '@slack/bolt';

// Block Kit types through Bolt's re-export, so the adapter depends on @slack/bolt alone.
export type KnownBlock = types.KnownBlock;
export type SlackButton = types.Button;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type InputBlock = types.InputBlock;
export type PlainTextOption = types.PlainTextOption;
