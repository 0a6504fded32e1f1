/**
 * The real bot with learning from use (bot/learning.ts) on the shared TestAdapter harness
 * (tests/helpers.ts), for a given channel; its events kept by a recorder on the given
 * store (memory by default) and written after each turn.
 */
import type { Activity } from 'botbuilder';
import { Learning } from '../../src/bot/learning';
import { EventRecorder } from '../../src/events/recorder';
import { EventStore, MemoryEventStore } from '../../src/events/store';
import type { Telemetry } from '../../src/events/telemetry';
import type { Recognizer } from '../../src/nlu/recognizer';
import { createTestBot, real, silentLogger, TestBot } from '../helpers';

export const SECRET = 'secret-de-test-0123456789-abcdefghijklmnop';

export interface LearningBot extends TestBot {
  recorder: EventRecorder;
  store: EventStore;
}

export interface LearningBotOptions {
  channelId?: string;
  conversationId?: string;
  reviewTexts?: boolean;
  store?: EventStore;
  now?: () => Date;
  telemetry?: Telemetry;
  recognizer?: Recognizer;
}

export function createLearningBot(options: LearningBotOptions = {}): LearningBot {
  const { kb, answers } = real();
  const store = options.store ?? new MemoryEventStore();
  const recorder = new EventRecorder(store, { secret: SECRET, reviewTexts: options.reviewTexts ?? false, reviewRetentionDays: 30, eventRetentionDays: 395, flushIntervalMs: 0, now: options.now });
  const t = createTestBot({
    channelId: options.channelId ?? 'webchat',
    conversationId: options.conversationId ?? 'conv-apprendre',
    recognizer: options.recognizer,
    learning: (conversationState) => new Learning({ kb, labels: answers.labels, conversationState, recorder, telemetry: options.telemetry, logger: silentLogger }),
  });
  return {
    ...t,
    recorder,
    store,
    async turn(activity: string | Partial<Activity>) {
      const replies = await t.turn(activity);
      await recorder.flush();
      return replies;
    },
  };
}
