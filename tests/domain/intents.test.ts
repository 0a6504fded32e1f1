/**
 * The intent registry (src/domain/intents.ts): the flags the reading and the router read.
 */
import { describe, expect, it } from 'vitest';
import { INTENTS, IntentId, domainQuestion, needsProfile } from '../../src/domain/intents';

describe('the intent registry', () => {
  const ids = Object.keys(INTENTS) as IntentId[];

  it('counts every question that needs a page as a question on the cards', () => {
    for (const id of ids.filter(needsProfile)) expect(domainQuestion(id), id).toBe(true);
  });

  it('does not count help, chit-chat, a statement of who one is, nor what was not understood', () => {
    for (const id of ['help', 'greeting', 'thanks', 'goodbye', 'profile.set', 'oos', 'none', 'lang.english', 'card.clarify'] as IntentId[]) expect(domainQuestion(id), id).toBe(false);
  });
});
