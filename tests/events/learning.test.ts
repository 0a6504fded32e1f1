/**
 * Learning from use, through the real bot (CpxBot + MainDialog + the shipped knowledge
 * base) on the TestAdapter: feedback on answers in each channel's own way (Web Chat's
 * feedback actions, Teams' feedback buttons, card buttons elsewhere), the thanks and the
 * offer of a person, the e-mail that carries the question only when asked, one event per
 * turn with no user text, review texts only when opted in, the reference in the error
 * message, and « did you mean ».
 */
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TEAMS_SUBMIT_ACTION, WEBCHAT_FEEDBACK_EVENT } from '../../src/bot/learning';
import { pseudonymize, referenceOf } from '../../src/events/pseudonym';
import type { Telemetry } from '../../src/events/telemetry';
import type { ChoiceEvent, FeedbackEvent, ReviewText, TurnEvent, UsageEvent } from '../../src/events/types';
import { choicesOf, kindOf, real, textOf } from '../helpers';
import { createLearningBot, LearningBot, SECRET } from './harness';

type Card = { actions?: Array<Record<string, any>>; body?: unknown[] };

function cardOf(a: Partial<Activity>): Card | undefined {
  return a.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content as Card | undefined;
}

/** Web Chat's feedback actions on a reply (the schema.org Message entity), if any. */
function voteActions(a: Partial<Activity>): Array<Record<string, string>> {
  const message = (a.entities ?? []).find((e) => (e as Record<string, unknown>)['@type'] === 'Message') as { potentialAction?: Array<Record<string, string>> } | undefined;
  return message?.potentialAction ?? [];
}

/** What Web Chat 4.18 posts when its feedback button is pressed. */
function webChatVote(reply: Partial<Activity>, vote: 'up' | 'down'): Partial<Activity> {
  const action = voteActions(reply).find((x) => x['@type'] === (vote === 'up' ? 'LikeAction' : 'DislikeAction'))!;
  return { type: 'event', name: WEBCHAT_FEEDBACK_EVENT, entities: [action as never] };
}

function mailtoOf(a: Partial<Activity>): string | undefined {
  const url = cardOf(a)?.actions?.find((x) => x.type === 'Action.OpenUrl')?.url as string | undefined;
  return url && decodeURIComponent(url);
}

async function events<T extends UsageEvent = UsageEvent>(bot: LearningBot, type?: T['type']): Promise<T[]> {
  return ((await bot.store.read('events')) as UsageEvent[]).filter((e) => !type || e.type === type) as T[];
}

async function reviews(bot: LearningBot): Promise<ReviewText[]> {
  return (await bot.store.read('reviews')) as ReviewText[];
}

/** A guided conversation to a verdict: question, profession, status. */
async function toVerdict(bot: LearningBot): Promise<Partial<Activity>[]> {
  const asked = await bot.turn('puis-je consulter le DMP ?');
  expect(kindOf(asked[0])).toBe('ask.profession');
  await bot.turn('médecin');
  const verdict = await bot.turn('remplaçant');
  expect(kindOf(verdict[0])).toBe('use.access');
  return [...asked, ...verdict];
}

const DNS = real().kb.contacts.get('cpam-vendee-dns')!;

describe('feedback in Web Chat', () => {
  it('rates answers with Web Chat’s own feedback actions, not the questions the bot asks', async () => {
    const bot = createLearningBot();
    const [question, verdict] = await toVerdict(bot);
    expect(voteActions(question)).toEqual([]);
    expect(voteActions(verdict).map((x) => x['@type'])).toEqual(['LikeAction', 'DislikeAction']);
    expect(choicesOf(verdict)).not.toContain('👎 Pas utile'); // no card buttons where Web Chat has its own
  });

  it('after « pas utile »: records what it was about, thanks, offers the délégués and an e-mail without the question', async () => {
    const bot = createLearningBot();
    const [, verdict] = await toVerdict(bot);
    const replies = await bot.turn(webChatVote(verdict, 'down'));
    expect(replies.map(kindOf)).toEqual(['learning.handoff']);
    const text = textOf(replies[0]);
    expect(text).toMatch(/^Merci de l'avoir signalé/);
    expect(text).toContain(DNS.email);
    for (const m of DNS.members ?? []) expect(text).toContain(`${m.name} : ${m.phone}`);
    const mail = mailtoOf(replies[0])!;
    expect(mail).toMatch(new RegExp(`^mailto:${DNS.email}\\?subject=`));
    expect(mail).not.toContain('DMP');
    expect(choicesOf(replies[0])).toContain('Mettre ma question dans le courriel');
    const [feedback] = await events<FeedbackEvent>(bot, 'feedback');
    expect(feedback).toMatchObject({ vote: 'down', via: 'webchat', kind: 'use.access', intent: 'use.access', channel: 'webchat' });
    expect(feedback.subject).toContain('medecin-remplacant');
    expect((await events(bot, 'handoff'))[0]).toMatchObject({ reason: 'notUseful' });
    // the same button again: recorded, not thanked twice
    expect(await bot.turn(webChatVote(verdict, 'down'))).toEqual([]);
    expect(await events(bot, 'feedback')).toHaveLength(2);
  });

  it('thanks briefly for « utile »', async () => {
    const bot = createLearningBot();
    const [, verdict] = await toVerdict(bot);
    const replies = await bot.turn(webChatVote(verdict, 'up'));
    expect(replies.map(textOf)).toEqual(['Merci pour votre avis.']);
    expect((await events<FeedbackEvent>(bot, 'feedback'))[0]).toMatchObject({ vote: 'up', kind: 'use.access' });
  });

  it('puts the question in the e-mail only when the user presses the button, scrubbed', async () => {
    const bot = createLearningBot();
    const [answer] = await bot.turn('Bonjour, Dr Martin, 06 12 34 56 78 : je suis pharmacien titulaire, comment obtenir ma carte ?');
    expect(kindOf(answer)).toBe('card.obtain');
    const offer = await bot.turn(webChatVote(answer, 'down'));
    expect(mailtoOf(offer[0])).not.toContain('obtenir');
    const [mail] = await bot.turn('Mettre ma question dans le courriel');
    expect(kindOf(mail)).toBe('learning.handoffMail');
    const body = mailtoOf(mail)!;
    expect(body).toContain('je suis pharmacien titulaire, comment obtenir ma carte ?');
    expect(body).toContain('Dr [nom], [téléphone]');
    expect(body).not.toMatch(/Martin|06 12/);
    expect(body).toMatch(/CPX-[0-9A-F]{4}-[0-9A-F]{4}/);
    // the button is not a question: no fallback, no turn event for it
    expect((await events<TurnEvent>(bot, 'turn')).map((e) => e.kind)).toEqual(['card.obtain']);
  });

  it('offers a person after two misunderstandings in a row, once', async () => {
    const bot = createLearningBot();
    expect((await bot.turn('zzkq wpxr fjdl')).map(kindOf)).toEqual(['fallback']);
    expect((await bot.turn('blorg vlim')).map(kindOf)).toEqual(['fallback', 'learning.handoff']);
    expect((await bot.turn('trompf')).map(kindOf)).toEqual(['fallback']);
    expect(await events(bot, 'handoff')).toMatchObject([{ reason: 'misunderstood' }]);
  });
});

describe('feedback in Teams', () => {
  it('turns on Teams’ feedback buttons on answers and records the vote its invoke brings', async () => {
    const bot = createLearningBot({ channelId: 'msteams', reviewTexts: false });
    const [question, verdict] = await toVerdict(bot);
    expect((question.channelData as Record<string, unknown>).feedbackLoopEnabled).toBeUndefined();
    expect((verdict.channelData as Record<string, unknown>).feedbackLoopEnabled).toBe(true);
    const [other] = await bot.turn('comment obtenir ma carte ?');
    expect(kindOf(other)).toBe('card.obtain');
    // the vote is about the first answer, not the last one
    const replies = await bot.turn({
      type: 'invoke',
      name: TEAMS_SUBMIT_ACTION,
      replyToId: verdict.id,
      value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'Mon nom est Jean Durand, la réponse est fausse' }) } },
    });
    const invokeResponse = replies.find((r) => r.type === 'invokeResponse');
    expect((invokeResponse?.value as { status: number }).status).toBe(200);
    expect(replies.filter((r) => r.type === 'message').map(kindOf)).toEqual(['learning.handoff']);
    expect((await events<FeedbackEvent>(bot, 'feedback'))[0]).toMatchObject({ vote: 'down', via: 'teams', kind: 'use.access', comment: true, channel: 'msteams' });
    // the comment is a user's text: not kept with REVIEW_TEXTS off
    expect(await reviews(bot)).toEqual([]);
  });

  it('keeps the comment of the feedback form, scrubbed, when REVIEW_TEXTS is on', async () => {
    const bot = createLearningBot({ channelId: 'msteams', reviewTexts: true });
    const [, verdict] = await toVerdict(bot);
    await bot.turn({ type: 'invoke', name: TEAMS_SUBMIT_ACTION, replyToId: verdict.id, value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":"Merci ! Mme Durand"}' } } });
    expect((await reviews(bot)).filter((r) => r.reason === 'comment').map((r) => r.text)).toEqual(['Merci ! Mme [nom]']);
  });

  it('refuses a submit action that is not feedback', async () => {
    const bot = createLearningBot({ channelId: 'msteams' });
    const replies = await bot.turn({ type: 'invoke', name: TEAMS_SUBMIT_ACTION, value: { actionName: 'autre' } });
    expect((replies.find((r) => r.type === 'invokeResponse')?.value as { status: number }).status).toBe(400);
  });
});

describe('feedback elsewhere (card buttons)', () => {
  it('adds « Utile » and « Pas utile » buttons to answers, and reads their press as a vote', async () => {
    const bot = createLearningBot({ channelId: 'emulator' });
    const [question, verdict] = await toVerdict(bot);
    expect(JSON.stringify(question)).not.toContain('cpxFeedback');
    const buttons = cardOf(verdict)!.actions!.filter((x) => x.data?.cpxFeedback);
    expect(buttons.map((b) => b.title)).toEqual(['👍 Utile', '👎 Pas utile']);
    const replies = await bot.turn({ type: 'message', value: buttons[1].data });
    expect(replies.map(kindOf)).toEqual(['learning.handoff']);
    expect((await events<FeedbackEvent>(bot, 'feedback'))[0]).toMatchObject({ vote: 'down', via: 'buttons', kind: 'use.access' });
    // a short answer in plain text gets them as suggested actions
    const [plain] = await bot.turn('merci');
    expect(kindOf(plain)).toBe('thanks');
    expect(plain.suggestedActions).toBeUndefined(); // small talk is not rated
    const [contact] = await bot.turn('qui contacter à la CPAM ?');
    expect(JSON.stringify(contact)).toContain('cpxFeedback');
  });
});

describe('events of use', () => {
  it('records one event per user turn, with its outcome and no user text', async () => {
    const bot = createLearningBot();
    const said = ['puis-je consulter le DMP ?', 'médecin', 'remplaçant', 'zzkq wpxr fjdl', 'merci'];
    for (const s of said) await bot.turn(s);
    const turns = await events<TurnEvent>(bot, 'turn');
    expect(turns.map((e) => e.outcome)).toEqual(['askedBack', 'askedBack', 'answered', 'fallback', 'other']);
    expect(turns[0]).toMatchObject({ intent: 'use.access', kind: 'ask.profession', channel: 'webchat' });
    expect(turns[2].kind).toBe('use.access');
    for (const e of turns) {
      expect(e.conv).toBe(pseudonymize(SECRET, 'webchat', 'conv-apprendre'));
      expect(e.latencyMs).toBeGreaterThanOrEqual(0);
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect(typeof turns[0].confidence).toBe('number');
    const all = JSON.stringify(await bot.store.read('events'));
    for (const s of ['DMP ?', 'zzkq', 'merci', 'conv-apprendre', 'user-1']) expect(all).not.toContain(s);
  });

  it('keeps nothing of what users wrote when REVIEW_TEXTS is off, however the turns go', async () => {
    const bot = createLearningBot({ reviewTexts: false });
    const [, verdict] = await toVerdict(bot);
    await bot.turn(webChatVote(verdict, 'down'));
    await bot.turn('zzkq wpxr fjdl');
    await bot.turn('IDE en rempla, c koi ma carte ?');
    await bot.turn('Quelle carte me faut-il ?');
    expect(await reviews(bot)).toEqual([]);
    expect(await bot.store.days('reviews')).toEqual([]);
    expect(JSON.stringify(await bot.store.read('events'))).not.toMatch(/zzkq|IDE en|c koi|DMP \?/);
  });

  it('keeps the texts of fallback, asked-back and « pas utile » turns, scrubbed, when REVIEW_TEXTS is on', async () => {
    const bot = createLearningBot({ reviewTexts: true });
    await bot.turn("je m'appelle Jean Martin, puis-je consulter le DMP ?");
    await bot.turn('médecin');
    const [verdict] = await bot.turn('remplaçant');
    await bot.turn(webChatVote(verdict, 'down'));
    await bot.turn('mon numéro 06 12 34 56 78 zzkq wpxr');
    const kept = await reviews(bot);
    // asked back: the question, not the answers to the bot's questions; « pas utile »: the question of that answer
    expect(kept.map((r) => [r.reason, r.kind, r.text])).toEqual([
      ['askedBack', 'ask.profession', "je m'appelle [nom], puis-je consulter le DMP ?"],
      ['notUseful', 'use.access', "je m'appelle [nom], puis-je consulter le DMP ?"],
      ['fallback', 'fallback', 'mon numéro [téléphone] zzkq wpxr'],
    ]);
  });

  it('gives the error message a reference the support finds in the events', async () => {
    const { recognizer } = real();
    let broken = false;
    const bot = createLearningBot({
      recognizer: {
        recognize: (text: string) => {
          if (broken) throw new Error('panne');
          return recognizer.recognize(text);
        },
      },
    });
    await bot.turn('bonjour');
    broken = true;
    const [error] = await bot.turn('quelle carte ?');
    expect(kindOf(error)).toBe('error');
    const reference = /CPX-[0-9A-F]{4}-[0-9A-F]{4}/.exec(textOf(error))![0];
    const turns = await events<TurnEvent>(bot, 'turn');
    expect(turns.map((e) => e.outcome)).toEqual(['other', 'error']);
    expect(referenceOf(turns[1].conv)).toBe(reference);
  });

  it('passes counts and latencies to the telemetry', async () => {
    const seen: string[] = [];
    const telemetry: Telemetry = { turn: (c, o) => void seen.push(`turn ${c} ${o}`), feedback: (c, v) => void seen.push(`feedback ${c} ${v}`), shutdown: async () => undefined };
    const bot = createLearningBot({ telemetry });
    const [, verdict] = await toVerdict(bot);
    await bot.turn(webChatVote(verdict, 'up'));
    expect(seen).toEqual(['turn webchat askedBack', 'turn webchat askedBack', 'turn webchat answered', 'feedback webchat up']);
  });
});

describe('did you mean', () => {
  it('offers both readings when they are close, reads the question again with the one chosen, and records the choice', async () => {
    const bot = createLearningBot({ reviewTexts: true });
    const [ask] = await bot.turn('IDE en rempla, c koi ma carte ?');
    expect(kindOf(ask)).toBe('ask.didYouMean');
    expect(choicesOf(ask)).toEqual(['Que permet ma carte ?', 'Quelle carte me faut-il ?']);
    expect(voteActions(ask)).toEqual([]); // a question of the bot is not rated
    const [answer] = await bot.turn('Quelle carte me faut-il ?');
    expect(kindOf(answer)).toBe('card.which');
    // the profession and status of the first message are kept
    expect(textOf(answer)).toMatch(/infirmi/i);
    expect(textOf(answer)).toMatch(/remplaçant/i);
    expect((await events<ChoiceEvent>(bot, 'didYouMean'))[0]).toMatchObject({ offered: ['card.uses', 'card.which'], chosen: 'card.which' });
    expect((await reviews(bot)).find((r) => r.reason === 'didYouMean')).toMatchObject({ chosen: 'card.which', text: 'IDE en rempla, c koi ma carte ?' });
  });

  it('records a question left for another one', async () => {
    const bot = createLearningBot();
    await bot.turn('IDE en rempla, c koi ma carte ?');
    const [answer] = await bot.turn('comment obtenir ma carte ?');
    expect(kindOf(answer)).not.toBe('ask.didYouMean');
    const [choice] = await events<ChoiceEvent>(bot, 'didYouMean');
    expect(choice.offered).toEqual(['card.uses', 'card.which']);
    expect(choice.chosen).toBeUndefined();
  });
});
