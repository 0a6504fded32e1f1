/**
 * A recorded test session: a week of conversations with the real bot (answers, questions
 * asked back, misunderstandings, « pas utile », « did you mean ») whose events and review
 * texts are written to a folder as the bot writes them (a file store, REVIEW_TEXTS on),
 * with the clock set to each day. The usage report test and its screenshot read it.
 */
import type { Activity } from 'botbuilder';
import { WEBCHAT_FEEDBACK_EVENT } from '../../src/bot/learning';
import { FileEventStore } from '../../src/events/store';
import { dayOf } from '../../src/events/types';
import { createLearningBot } from './harness';

const DAY_MS = 86_400_000;
/** The week before today (so that retention can be tested against the real clock). */
export const SESSION_FROM = dayOf(new Date(Date.now() - 7 * DAY_MS));
export const SESSION_TO = dayOf(new Date(Date.now() - DAY_MS));

type Step = string | 'down' | 'up';

/** The conversations of each day (each list is one conversation). */
const DAYS: Step[][][] = [
  [
    ['je suis infirmière libérale, puis-je consulter le DMP ?', 'up'],
    ['puis-je consulter le DMP ?', 'médecin', 'remplaçant', 'down'],
    ['ma carte vitale est bloquée, que faire ?', 'ma carte vitale ne passe plus', 'merci'],
  ],
  [
    ['comment obtenir ma carte ? je suis kiné titulaire'],
    ['IDE en rempla, c koi ma carte ?', 'Quelle carte me faut-il ?'],
    ['carte vitale bloquée que faire', "je m'appelle Jean Martin, mon numéro 06 12 34 56 78"],
  ],
  [
    ['qui contacter à la CPAM ?', 'up'],
    ['puis-je consulter le DMP ?', 'pharmacien', 'remplaçant', 'down'],
    ['comment débloquer une carte vitale bloquée'],
  ],
  [
    ["j'ai perdu ma CPS", 'up'],
    ['quelle carte pour une ergothérapeute ?'],
    ['combien coûte un ergothérapeute en libéral'],
  ],
  [
    ['IDE en rempla, c koi ma carte ?', 'Que permet ma carte ?'],
    ["c'est quoi ADRI ?"],
    ['puis-je consulter le DMP ?', 'médecin', 'remplaçant', 'down'],
  ],
  [
    ['quelle carte pour un taxi conventionné ?'],
    ['le remboursement des transports sanitaires', 'zzkq'],
  ],
  [
    ['je suis sage-femme, comment renouveler ma carte ?', 'up'],
    ['ma carte vitale ne passe plus sur le lecteur'],
  ],
];

function vote(reply: Partial<Activity>, v: 'up' | 'down'): Partial<Activity> {
  const message = (reply.entities ?? []).find((e) => (e as Record<string, unknown>)['@type'] === 'Message') as unknown as { potentialAction: Array<Record<string, string>> };
  return { type: 'event', name: WEBCHAT_FEEDBACK_EVENT, entities: [message.potentialAction.find((x) => x['@type'] === (v === 'up' ? 'LikeAction' : 'DislikeAction')) as never] };
}

/** Plays the week into `dir` (events/ and reviews/ day files). */
export async function recordSession(dir: string): Promise<void> {
  const store = new FileEventStore(dir);
  for (const [d, conversations] of DAYS.entries()) {
    for (const [c, steps] of conversations.entries()) {
      let minute = 0;
      const clock = () => new Date(Date.parse(`${SESSION_FROM}T09:00:00Z`) + d * DAY_MS + c * 3_600_000 + minute++ * 60_000);
      const bot = createLearningBot({ store, reviewTexts: true, conversationId: `session-${d}-${c}`, now: clock });
      let last: Partial<Activity> | undefined;
      for (const step of steps) {
        const replies = step === 'up' || step === 'down' ? await bot.turn(vote(last!, step)) : await bot.turn(step);
        last = replies.find((r) => r.type === 'message') ?? last;
      }
      await bot.recorder.close();
    }
  }
}
