/**
 * Replays conversations written as data (tests/conversations/*.yaml) through the real bot
 * (CpxBot + MainDialog + the shipped knowledge base) on the SDK's TestAdapter.
 *
 * A file:
 *   name: what the conversation shows
 *   covers: [the issue bullets it covers]
 *   turns:
 *     - user: puis-je consulter le DMP ?       # a message (or: event: webchat/join,
 *       expect:                                #   membersAdded: true, submit: {choice: …})
 *         - kind: ask.profession               # replyKind stamped by the bot
 *           startsWith: "…"                    # the text begins with
 *           contains: ["…"]                    # all present in the text
 *           notContains: ["…"]
 *           choices: ["…"]                     # these buttons are offered
 *       count: 1                               # exact number of replies (optional)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { Activity, ActivityTypes } from 'botbuilder';
import { TestBot, choicesOf, createTestBot, kindOf, textOf } from '../helpers';
import { expect } from 'vitest';

const expectation = z
  .object({
    kind: z.string().optional(),
    startsWith: z.string().optional(),
    contains: z.array(z.string()).default([]),
    notContains: z.array(z.string()).default([]),
    choices: z.array(z.string()).default([]),
    hasCard: z.boolean().optional(),
  })
  .strict();

const turnSchema = z
  .object({
    user: z.string().optional(),
    event: z.string().optional(),
    membersAdded: z.boolean().optional(),
    submit: z.record(z.string(), z.unknown()).optional(),
    expect: z.array(expectation).default([]),
    count: z.number().int().min(0).optional(),
  })
  .strict();

const conversationSchema = z
  .object({ name: z.string(), covers: z.array(z.string()).default([]), turns: z.array(turnSchema).min(1) })
  .strict();

export type Conversation = z.infer<typeof conversationSchema> & { file: string };

export function loadConversations(dir = __dirname): Conversation[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ ...conversationSchema.parse(parse(readFileSync(path.join(dir, f), 'utf8'))), file: f }));
}

function activityOf(turn: z.infer<typeof turnSchema>): Partial<Activity> {
  if (turn.event) return { type: ActivityTypes.Event, name: turn.event };
  if (turn.membersAdded) return { type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user-1', name: 'Utilisateur' }] };
  if (turn.submit) return { type: ActivityTypes.Message, value: turn.submit };
  return { type: ActivityTypes.Message, text: turn.user ?? '' };
}

function describeReplies(replies: Partial<Activity>[]): string {
  return replies.map((r, i) => `  #${i} [${kindOf(r)}] ${textOf(r).slice(0, 400)}`).join('\n');
}

export async function replay(conversation: Conversation, bot: TestBot = createTestBot()): Promise<void> {
  for (const [i, turn] of conversation.turns.entries()) {
    const replies = await bot.turn(activityOf(turn));
    const where = `${conversation.file}, tour ${i + 1} (« ${turn.user ?? turn.event ?? 'conversationUpdate'} »)\n${describeReplies(replies)}`;
    if (turn.count !== undefined) expect(replies.length, where).toBe(turn.count);
    let from = 0;
    for (const e of turn.expect) {
      // each expectation matches a reply after the previous one
      const index = replies.findIndex((r, k) => k >= from && (!e.kind || kindOf(r) === e.kind));
      expect(index, `${where}\nattendu : ${JSON.stringify(e)}`).toBeGreaterThanOrEqual(0);
      const reply = replies[index];
      const text = textOf(reply);
      if (e.startsWith !== undefined) expect(text.startsWith(e.startsWith), `${where}\ncommence par « ${e.startsWith} »`).toBe(true);
      for (const c of e.contains) expect(text, where).toContain(c);
      for (const c of e.notContains) expect(text, where).not.toContain(c);
      const offered = choicesOf(reply);
      for (const c of e.choices) expect(offered, where).toContain(c);
      if (e.hasCard !== undefined) expect((reply.attachments ?? []).some((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'), where).toBe(e.hasCard);
      from = index + 1;
    }
  }
}
