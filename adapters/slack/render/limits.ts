/** Slack's Block Kit limits the renderer keeps to (docs.slack.dev, Block Kit reference). */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  inputMaxLength: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  /** Notification text (`text` beside `blocks`); Slack truncates at 40,000, 4,000 is the advice. */
  fallbackText: 4000,
  /** A view payload over this many bytes is refused with `view_too_large`. */
  viewBytes: 250_000,
  /** What golive lets a view's blocks take, leaving room for the rest of the payload. */
  viewBlockBytes: 200_000,
  /** What golive lets a list of cards in one message take (Slack documents no limit; stay modest). */
  listBytes: 100_000,
} as const;
