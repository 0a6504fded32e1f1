/**
 * Fuzzing /api/messages: 10,000 generated activities (random shapes, missing and null
 * fields, wrong types, huge and unicode strings, odd channel ids, attachments without
 * text, Adaptive Card submits with junk values), over HTTP on loopback, 50 at a time.
 * Nothing may answer 5xx, crash or leave an unhandled rejection, and valid messages
 * afterwards — in the very conversations the fuzz went through — get their right answer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity, App, post, say, startApp } from './appHarness';

let app: App;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  app = await startApp({ LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0' });
});

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await app?.close();
});

const POOL = ['fuzz-a', 'fuzz-b', 'fuzz-c'];

const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** mostly a well-typed value, sometimes junk of any type */
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: junk });

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('bonjour', 'médecin', 'remplaçant', 'aide', 'annuler', 'recommencer', "c'est quoi ADRI ?", 'puis-je consulter le DMP ?', 'CPS', 'oui', '1', '') },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.nat({ max: 120_000 }).map((n) => 'é🩺<b>x</b> '.repeat(Math.ceil(n / 11)).slice(0, n)) },
  { weight: 1, arbitrary: fc.constant(null) },
);

const id = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...POOL) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '../../etc/passwd', '%00', 'a'.repeat(600), '🩺'.repeat(100), 'con/../x', '*') },
  { weight: 1, arbitrary: junk },
);

const party = mostly(id.map((v) => ({ id: v, name: 'Dr Fuzz' })));

const attachment = fc.oneof(
  fc.record({ contentType: fc.constantFrom('image/png', 'application/pdf', 'application/vnd.microsoft.card.adaptive', 'text/html'), contentUrl: fc.option(fc.webUrl()), content: fc.option(junk) }, { requiredKeys: [] }),
  junk,
);

const submit = fc.oneof(
  fc.record({ choice: junk }),
  fc.record({ choice: fc.constantFrom('médecin', 'remplaçant', 'titulaire', 'CPS'), msteams: junk }),
  junk,
);

const activityArb = fc
  .record(
    {
      type: fc.oneof({ weight: 6, arbitrary: fc.constant('message') }, { weight: 3, arbitrary: fc.constantFrom('conversationUpdate', 'event', 'invoke', 'typing', 'messageReaction', 'endOfConversation', 'installationUpdate', 'messageUpdate', 'messageDelete', 'trace', 'handoff', 'command') }, { weight: 1, arbitrary: junk }),
      channelId: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('msteams', 'webchat', 'emulator', 'directline', 'test') }, { weight: 1, arbitrary: id }),
      conversation: party,
      from: party,
      recipient: mostly(fc.constant({ id: 'bot' })),
      text: mostly(text),
      value: submit,
      attachments: mostly(fc.array(attachment, { maxLength: 3 })),
      membersAdded: mostly(fc.array(party, { maxLength: 3 })),
      name: fc.oneof(fc.constantFrom('webchat/join', 'adaptiveCard/action', 'application/vnd.microsoft.readReceipt'), junk),
      entities: mostly(fc.array(fc.record({ type: fc.string() }), { maxLength: 2 })),
      channelData: junk,
      locale: fc.oneof(fc.constantFrom('fr-FR', 'en-US', 'xx'), junk),
      textFormat: fc.oneof(fc.constantFrom('plain', 'markdown', 'xml'), junk),
      id: junk,
      timestamp: junk,
    },
    // the keys a state needs are usually there (and then often valid), the others come and go
    { requiredKeys: ['type', 'channelId', 'conversation', 'from'] },
  )
  .map((a) => ({ deliveryMode: 'expectReplies', serviceUrl: 'http://127.0.0.1:9', ...a }));

describe('fuzzing /api/messages', () => {
  it('survives 10,000 generated activities: no 5xx, no crash, no unhandled rejection', async () => {
    const statuses = new Map<number, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(activityArb, { minLength: 50, maxLength: 50 }), async (batch) => {
        const results = await Promise.all(
          batch.map(async (a) => {
            const r = await post(app.base, a);
            await r.arrayBuffer();
            return r.status;
          }),
        );
        sent += batch.length;
        for (const s of results) statuses.set(s, (statuses.get(s) ?? 0) + 1);
        return results.every((s) => s < 500);
      }),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 20261126), endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
    console.log('fuzz statuses', Object.fromEntries(statuses));
    // the fuzz reached the bot, not only the 400 gate
    expect(statuses.get(200) ?? 0).toBeGreaterThan(2000);
    expect(rejections).toEqual([]);
    expect(app.logs.join('')).not.toMatch(/"level":(50|60)/);
  }, 120_000);

  it('then answers valid messages right, in the conversations the fuzz went through', async () => {
    for (const conversation of POOL) {
      await say(app.base, 'recommencer', conversation);
      expect((await say(app.base, "c'est quoi ADRI ?", conversation))[0]).toMatch(/^ADRI/);
      expect((await say(app.base, 'je suis infirmière remplaçante, puis-je alimenter le DMP ?', conversation))[0]).toMatch(/(^|, )non : /i);
    }
    const fresh = await post(app.base, activity('puis-je consulter le DMP ?', 'after-fuzz'));
    expect(fresh.status).toBe(200);
  });
});
