/**
 * The ActivityHandler: card buttons as messages, greeting once, one log line per turn
 * without what the user typed.
 */
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CpxBot, MAX_TEXT_LENGTH } from '../../src/bot/cpxBot';
import { MainDialog } from '../../src/dialogs/mainDialog';
import { createLogger } from '../../src/logger';
import { kindOf, real } from '../helpers';

function botWithLog(logUserText = false, seen: string[] = []) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ logLevel: 'info', logUserText }, stream);
  const { kb, recognizer, answers } = real();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  // the real recognizer, recording the texts the dialogs hand it
  const recording = { recognize: (text: string) => (seen.push(text), recognizer.recognize(text)) };
  const dialog = new MainDialog(recording, kb, answers, {
    profile: userState.createProperty('profile'),
    memory: conversationState.createProperty('memory'),
  });
  const bot = new CpxBot(conversationState, userState, dialog, answers, logger, { logUserText });
  const adapter = new TestAdapter(async (c) => bot.run(c));
  return { adapter, lines };
}

describe('CpxBot', () => {
  it('logs one line per turn with channel, intent, latency and outcome, never the text', async () => {
    const { adapter, lines } = botWithLog();
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'je suis Jeanne Martin, infirmière remplaçante, puis-je consulter le DMP ?' });
    const turns = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'turn');
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ channel: 'test', intent: 'use.access', outcome: 'use.access' });
    expect(typeof turns[0].latencyMs).toBe('number');
    expect(lines.join('\n')).not.toMatch(/Jeanne|Martin|consulter/);
  });

  it('logs the text only when LOG_USER_TEXT is on, and warns about it', async () => {
    const { adapter, lines } = botWithLog(true);
    expect(lines[0]).toContain('LOG_USER_TEXT');
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'bonjour' });
    expect(lines.join('\n')).toContain('"text":"bonjour"');
  });

  it('treats an Adaptive Card submit as the chosen text, and cuts very long texts', async () => {
    const seen: string[] = [];
    const { adapter } = botWithLog(false, seen);
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'puis-je consulter le DMP ?' });
    adapter.activeQueue.splice(0);
    await adapter.processActivity({ type: ActivityTypes.Message, value: { choice: 'Secrétaire médical(e) / personnel' } });
    const replies = adapter.activeQueue.splice(0);
    expect(replies.map(kindOf)).toEqual(['use.access']);
    seen.length = 0;
    await adapter.processActivity({ type: ActivityTypes.Message, text: 'dmp '.repeat(50_000) });
    expect(adapter.activeQueue.splice(0).length).toBe(1);
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('greets once per conversation, on members added or on webchat/join', async () => {
    const { adapter } = botWithLog();
    await adapter.processActivity({ type: ActivityTypes.Event, name: 'webchat/join' });
    await adapter.processActivity({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user', name: 'u' }] });
    expect(adapter.activeQueue.splice(0).map(kindOf)).toEqual(['welcome']);
  });

  it('ignores activity types it does not handle', async () => {
    const { adapter } = botWithLog();
    await adapter.processActivity({ type: 'somethingNew' as never });
    await adapter.processActivity({ type: ActivityTypes.Typing });
    expect(adapter.activeQueue).toHaveLength(0);
  });
});
