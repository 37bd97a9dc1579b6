import type { App, BlockAction, StaticSelectAction, ViewResponseAction } from '@slack/bolt';
import type { FieldErrors } from '../../../src/conversation/model.js';
import { withinDeadline } from '../../../src/time/deadline.js';
import { answerPrivately } from '../answer.js';
import {
  decodeMetadata,
  FLOW_CHOICE_ACTION_ID,
  FORM_CALLBACK_ID,
  readMetadata,
  renderForm,
} from '../render/form.js';
import { readFormValues, type ViewStateValues } from '../render/form-values.js';
import { renderReply, renderText } from '../render/reply.js';
import { t } from '../texts.js';
import { ackCommitted, type HandlerDeps, reportFailure, reportTooSlow, requestContext } from './deps.js';

/**
 * Modals: the flow choice of `/release new` swaps the modal to that flow's fields (`views.update`),
 * and a submit goes to `core.submit`. A submit must be answered in the ack itself (inline errors or
 * the next form), so here the core runs before the ack; its answer to the user then follows privately.
 */
export function registerForms(app: App, deps: HandlerDeps): void {
  app.action<BlockAction<StaticSelectAction>>(FLOW_CHOICE_ACTION_ID, async ({ body, action, ack }) => {
    await ack();
    const view = body.view;
    const flowId = action.selected_option?.value;
    if (!view || !flowId) return;
    const meta = decodeMetadata(view.private_metadata);
    try {
      const form = deps.core.newReleaseForm(requestContext(body.user.id, undefined, meta?.ch), flowId);
      await deps.client.views.update({ view_id: view.id, hash: view.hash, view: renderForm(form, meta?.ch) });
    } catch (err) {
      // A hash conflict means the user changed the modal again meanwhile; the newer update wins.
      deps.log.warn(
        { err, user: body.user.id, flowId },
        'could not switch the new-release modal to the chosen flow',
      );
    }
  });

  app.view(FORM_CALLBACK_ID, async ({ body, view, ack: boltAck }) => {
    let acked = false;
    const ack = (answer?: ViewResponseAction) => {
      acked = true;
      return ackCommitted(deps, () => (answer ? boltAck(answer) : boltAck()), 'form submit', body.user.id);
    };
    const userId = body.user.id;
    const read = readMetadata(view.private_metadata);
    const locale = deps.core.localeFor('slack', userId);
    if ('missing' in read) {
      await ack();
      await answerPrivately(deps, { userId }, renderText(t(locale, 'formExpired'), 'warning'));
      return;
    }
    if ('invalid' in read) {
      // Forged or mangled: the modal closes, the person reads why, the release it names is audited.
      await ack();
      deps.log.warn({ user: userId }, 'a form golive did not make was submitted');
      const ctx = requestContext(userId, `slack:view:${view.id}:${view.hash}`);
      try {
        const reply = await deps.core.refuseInvalidButton(ctx, read.releaseId);
        if (reply.kind !== 'form') await answerPrivately(deps, { userId }, renderReply(reply, locale));
      } catch (err) {
        deps.log.error({ err, user: userId }, 'could not answer a form golive did not make');
      }
      return;
    }
    const meta = read.meta;
    const target = { userId, channel: meta.ch };
    try {
      const values = readFormValues(view.state.values as ViewStateValues, meta);
      // The view id and its hash change with every version of the modal: one submit, one key.
      const ctx = requestContext(userId, `slack:view:${view.id}:${view.hash}`, meta.ch);
      const outcome = await withinDeadline(deps.answerWithinMs, deps.core.submit(ctx, meta.c, values));
      if (!outcome.done) {
        await answerTooSlow(deps, ack, target, view.blocks);
        outcome.later
          .then(async (late) => {
            if (!late.ok || late.reply.kind === 'form') return;
            await answerPrivately(deps, target, renderReply(late.reply, locale));
          })
          .catch((err: unknown) => reportFailure(deps, err, 'form submit', target));
        return;
      }
      const result = outcome.value;
      if (!result.ok) {
        // Errors keep the modal open with its values: the user fixes them, or (not saved) submits again.
        const errors = placeErrors(result.errors, view.blocks);
        if (Object.keys(errors).length) {
          await ack({ response_action: 'errors', errors });
          return;
        }
        await ack();
        await answerPrivately(deps, target, renderText(Object.values(result.errors).join(' '), 'warning'));
        return;
      }
      if (result.reply.kind === 'form') {
        await ack({ response_action: 'update', view: renderForm(result.reply.form, meta.ch) });
        return;
      }
      await ack();
      // The card whose button opened this form is brought up to date by the core's outbox.
      await answerPrivately(deps, target, renderReply(result.reply, locale));
    } catch (err) {
      // Close the modal so the user is not left with a spinner; the failure follows privately.
      if (!acked) await ack();
      await reportFailure(deps, err, 'form submit', target);
    }
  });
}

/**
 * The core missed the deadline: the modal stays open with "could not save in time" under its first
 * input, so the user can submit the same values again (same view and hash, so it counts once).
 * A modal without inputs closes, and the user is told privately.
 */
async function answerTooSlow(
  deps: HandlerDeps,
  ack: (answer?: ViewResponseAction) => Promise<void>,
  target: { userId: string; channel?: string },
  blocks: { type: string; block_id?: string }[],
): Promise<void> {
  const first = blocks.find((b) => b.type === 'input' && b.block_id)?.block_id;
  if (!first) {
    await ack();
    await reportTooSlow(deps, target, 'form submit');
    return;
  }
  deps.log.warn(
    { user: target.userId, ms: deps.answerWithinMs },
    'slack form submit answered before the core finished',
  );
  const locale = deps.core.localeFor('slack', target.userId);
  await ack({ response_action: 'errors', errors: { [first]: t(locale, 'notSavedYet') } });
}

/**
 * Slack shows errors only under input blocks of the view; an error for a field the modal does not
 * show (a cross-field rule, or the submission as a whole could not be saved) goes under the first
 * input so the user still reads it.
 */
function placeErrors(
  errors: FieldErrors,
  blocks: { type: string; block_id?: string }[],
): Record<string, string> {
  const inputs = blocks.filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id as string);
  const placed: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const at = inputs.includes(field) ? field : inputs[0];
    if (!at) continue;
    placed[at] = placed[at] ? `${placed[at]} ${message}` : message;
  }
  return placed;
}
