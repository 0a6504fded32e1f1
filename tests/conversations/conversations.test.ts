import { describe, it } from 'vitest';
import { loadConversations, replay } from './runner';

describe('conversations written as data, replayed through the real bot', () => {
  const conversations = loadConversations();
  it.each(conversations.map((c) => [c.file, c] as const))('%s', async (_file, conversation) => {
    await replay(conversation);
  });
});
