/**
 * Turns a channel-neutral Reply into a Bot Framework message: the plain text (read by
 * screen readers and notifications), the Adaptive Card, and the choices as suggested
 * actions (the same choices are buttons in the card, for Teams, which does not show
 * suggested actions everywhere).
 */
import { ActionTypes, Activity, CardFactory, InputHints, MessageFactory } from 'botbuilder';
import type { Reply } from '../answers/reply';

export function toActivity(reply: Reply, expectingInput = false): Partial<Activity> {
  const activity = MessageFactory.text(reply.text, undefined, expectingInput ? InputHints.ExpectingInput : InputHints.AcceptingInput);
  activity.textFormat = 'plain';
  if (reply.card) activity.attachments = [CardFactory.adaptiveCard(reply.card)];
  if (reply.choices && reply.choices.length > 0) {
    activity.suggestedActions = {
      to: [],
      actions: reply.choices.map((c) => ({ type: ActionTypes.ImBack, title: c.title, value: c.value })),
    };
  }
  // lets logs and tests trace every reply to what produced it
  activity.channelData = { ...(activity.channelData ?? {}), replyKind: reply.kind };
  return activity;
}
