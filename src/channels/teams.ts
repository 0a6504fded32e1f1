/**
 * What Microsoft Teams needs beyond other channels:
 *  - in a channel or a group chat, the user @mentions the bot: the mention
 *    (« <at>Assistant cartes CPx</at> ») is removed before the text is understood;
 *  - line breaks of a plain text are not rendered the same by every Teams client: replies
 *    to Teams are sent in the HTML subset Teams documents (textFormat « xml »), escaped,
 *    with <br> for each line break;
 *  - choices are card buttons (Action.Submit with an msteams imBack), already in every
 *    card: suggested actions show only in personal chats.
 */
import type { Activity, TurnContext } from 'botbuilder';

export const TEAMS_CHANNEL_ID = 'msteams';

interface MentionEntity {
  type?: string;
  mentioned?: { id?: string };
  text?: string;
}

/** Distinct mention texts removed at most: a message mentions the bot once or twice. */
const MAX_MENTIONS = 8;

/**
 * Removes every @mention of the bot (the activity's recipient) from the text (already cut
 * to what the bot reads): at most MAX_MENTIONS distinct mention texts, each no longer than
 * the text, so the work is bounded by the text whatever the number of entities.
 */
export function removeBotMention(activity: Partial<Activity>): void {
  if (typeof activity.text !== 'string' || !Array.isArray(activity.entities)) return;
  const botId = activity.recipient?.id;
  let text = activity.text;
  const removed = new Set<string>();
  for (const e of activity.entities as MentionEntity[]) {
    if (removed.size >= MAX_MENTIONS) break;
    if (e?.type !== 'mention' || !botId || e.mentioned?.id !== botId || typeof e.text !== 'string' || !e.text.trim()) continue;
    if (removed.has(e.text) || e.text.length > text.length) continue;
    removed.add(e.text);
    text = text.split(e.text).join(' ');
  }
  // Teams may put a non-breaking space after the mention
  text = text.replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
  activity.text = text;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A plain-text message as Teams renders it: escaped HTML, line breaks as <br>. */
export function toTeamsText(activity: Partial<Activity>): Partial<Activity> {
  if (activity.type !== 'message' || typeof activity.text !== 'string' || (activity.textFormat && activity.textFormat !== 'plain')) return activity;
  activity.text = escapeHtml(activity.text).replace(/\r?\n/g, '<br>');
  activity.textFormat = 'xml';
  return activity;
}

/** Adapts what the bot sends in a Teams conversation (registered per turn). */
export function useTeamsFormatting(context: TurnContext): void {
  if (context.activity.channelId !== TEAMS_CHANNEL_ID) return;
  context.onSendActivities(async (_ctx, activities, next) => {
    activities.forEach(toTeamsText);
    return next();
  });
}
