/**
 * Turns a channel-neutral Answer into one Bot Framework message, the same way for every
 * channel: an answer with structure (details, sources, many buttons) is an Adaptive Card
 * with no `text` (Teams would show text and card as two messages), its plain text in
 * `speak` for screen readers and its first statement in `summary` for notifications; a
 * short answer is plain text, its few choices as suggested actions (shown by Web Chat and,
 * up to three, by Teams in every scope).
 */
import { ActionTypes, Activity, ActivityTypes, Attachment, CardFactory, InputHints } from 'botbuilder';
import type { Answer } from '../answers/answer';
import { RenderLabels, firstSight, renderCard } from '../answers/render';

/** Choices a plain message can carry as suggested actions (Teams shows up to 3). */
const MAX_SUGGESTED = 3;

/** Whether the answer is a plain message (no card needed). */
function isPlain(answer: Answer): boolean {
  return !answer.lead && answer.details.length === 0 && answer.decisive.length === 0 && !answer.source && !answer.title && !answer.manyChoices && answer.choices.length <= MAX_SUGGESTED && answer.lines.length === 0;
}

export function toActivity(answer: Answer, labels: RenderLabels): Partial<Activity> {
  const inputHint = answer.expectsInput ? InputHints.ExpectingInput : InputHints.AcceptingInput;
  const activity: Partial<Activity> = { type: ActivityTypes.Message, inputHint };
  if (isPlain(answer)) {
    activity.text = answer.headline;
    activity.textFormat = 'plain';
    if (answer.choices.length > 0) {
      activity.suggestedActions = { to: [], actions: answer.choices.map((c) => ({ type: ActionTypes.ImBack, title: c.title, value: c.value })) };
    }
  } else {
    const card = renderCard(answer, labels);
    const attachment: Attachment = CardFactory.adaptiveCard(card);
    activity.attachments = [attachment];
    activity.speak = firstSight(answer).join('\n');
    activity.summary = answer.headline.slice(0, 200);
  }
  // lets logs, tests and the evaluation trace every reply to what produced it (never user text)
  activity.channelData = { replyKind: answer.kind, trace: answer.trace };
  return activity;
}
