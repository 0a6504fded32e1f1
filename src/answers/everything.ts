/**
 * Every answer the bot can give, for every page, status, use, topic and term of the
 * knowledge base, and the checks each must pass. Used by `npm run kb:check` (a content
 * change that leaves the code without wording, or gives a malformed answer, is refused
 * with the file and the key) and by the render-everything test.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { KnowledgeProblem } from '../knowledge/load';
import { Answer, isVerdict } from './answer';
import { Answers } from './compose';
import { DID_YOU_MEAN_INTENTS, LearningAnswers } from './learning';
import { firstSight, renderCard, renderText, visibleLength } from './render';

/** Longest first sight of a yes/no answer, in characters. */
export const MAX_VERDICT_VISIBLE = 600;

/** Every answer, with where it comes from (for messages). */
export function* everyAnswer(kb: KnowledgeBase, answers: Answers): Generator<{ where: string; answer: () => Answer }> {
  const basics: Array<[string, () => Answer]> = [
    ['welcome', () => answers.welcome()],
    ['help', () => answers.help()],
    ['fallback', () => answers.fallback()],
    ['english', () => answers.english()],
    ['error', () => answers.error()],
    ['gaveUp', () => answers.gaveUp()],
    ['clarify', () => answers.clarifyCard()],
    ['contacts', () => answers.contactsAnswer()],
    ['clarify use', () => answers.clarifyUse()],
    ['clarify person', () => answers.clarifyPerson()],
    // (a question of the wording files, as a user could ask it)
    ['another question', () => answers.withAnotherQuestion(answers.help(), kb.list('clarify.use.choices')[0])],
    ['askProfession', () => answers.askProfession()],
    ['askProfessionRetry', () => answers.askProfession(true)],
    ['cancelled', () => answers.simple('cancelled', 'cancelled')],
    ['restarted', () => answers.simple('restarted', 'restarted')],
    ['glossaryList', () => answers.glossaryAnswer([])],
    ['compareUnknown', () => answers.compareAnswer([], [])],
    ...(['greeting', 'thanks', 'goodbye'] as const).map((k): [string, () => Answer] => [k, () => answers.simple(k, `intents.${k}`)]),
  ];
  for (const [where, answer] of basics) yield { where, answer };
  // learning from use (answers/learning.ts): thanks, the offer of a person, « did you mean »
  const learning = new LearningAnswers(kb);
  yield { where: 'learning thanks', answer: () => learning.thanks() };
  for (const reason of ['notUseful', 'misunderstood'] as const) yield { where: `learning handoff ${reason}`, answer: () => learning.handoff(reason, true) };
  for (const held of [true, false]) yield { where: `learning e-mail ${held ? 'with' : 'without'} the question`, answer: () => learning.attached(held) };
  yield { where: 'learning error reference', answer: () => ({ ...answers.error(), headline: `${answers.error().headline} ${learning.errorReference('CPX-0000-0000')}` }) };
  for (const intent of DID_YOU_MEAN_INTENTS) yield { where: `did you mean ${intent}`, answer: () => learning.didYouMean([intent]) };
  for (const id of kb.professions.keys()) {
    yield { where: `askStatus ${id}`, answer: () => answers.askStatus(id) };
    yield { where: `askStatus ${id} (f)`, answer: () => answers.askStatus(id, true, true) };
    yield { where: `askStatus ${id} (someone else)`, answer: () => answers.askStatus(id, false, false, true) };
    yield { where: `askStatus ${id} (someone else, again)`, answer: () => answers.askStatus(id, true, false, true) };
  }
  yield { where: 'askConflict', answer: () => answers.askConflict([...kb.statuses.keys()].slice(0, 2)) };
  yield { where: 'askConflict (two activities)', answer: () => answers.askConflict([...kb.statuses.keys()].slice(0, 2), true) };
  for (const a of kb.ambiguities) yield { where: `ambiguity ${a.profiles.join('/')}`, answer: () => answers.askAmbiguity(a.question, a.profiles) };
  for (const t of kb.topics.keys()) yield { where: `topic ${t}`, answer: () => answers.topicAnswer(t, 'topic') };
  for (const g of kb.glossary.keys()) yield { where: `glossary ${g}`, answer: () => answers.glossaryAnswer([g]) };
  for (const u of kb.uncovered.values()) {
    yield { where: `askProfession at ${u.id}`, answer: () => answers.askProfession(false, u.id) };
    yield { where: `uncovered ${u.id}`, answer: () => answers.uncoveredAnswer(u, kb.profiles.get(u.nearest)!) };
    yield { where: `contacts uncovered ${u.id}`, answer: () => answers.contactsAnswer({ uncovered: u }) };
    // a use on the page the answer rests on (the nearest one, or each profession's page at a workplace not covered, a workplace of
    // practitioners holding the nearest page's card: a company's card has no place there), a guess
    const nearest = kb.profiles.get(u.nearest)!;
    const atWorkplace = u.nearestForProfession ? [...kb.professions.keys()].map((id) => kb.nearestAtWorkplace(id)).filter((p) => p?.card === nearest.card) : [];
    const pages = new Set([nearest, ...atWorkplace.filter((p): p is NonNullable<typeof p> => !!p)]);
    for (const p of pages) {
      const guess = { uncovered: { id: u.id, label: u.label } };
      for (const use of kb.uses.keys()) yield { where: `use ${use} ${p.id} (uncovered ${u.id})`, answer: () => answers.useAnswer(p, [use], guess) };
    }
  }
  for (const n of kb.noCard.values()) {
    yield { where: `noCard ${n.id}`, answer: () => answers.noCardAnswer(n) };
    for (const use of kb.uses.keys()) yield { where: `noCard ${n.id} ${use}`, answer: () => answers.noCardAnswer(n, [use]) };
  }
  yield { where: 'contacts (a case the guide does not describe)', answer: () => answers.contactsAnswer({ unguided: true }) };
  for (const s of kb.statuses.keys()) {
    yield { where: `contacts statusIgnored ${s}`, answer: () => answers.contactsAnswer({ statusIgnored: s }) };
    for (const p of kb.profiles.values()) yield { where: `statusIgnoredAnswer ${s} ${p.id}`, answer: () => answers.statusIgnoredAnswer(p, s) };
  }
  for (const p of kb.profiles.values()) {
    for (const feminine of [false, true]) {
      for (const about of ['self', 'other'] as const) {
        const o = { feminine, about };
        const w = `${p.id}${feminine ? ' (f)' : ''}${about === 'other' ? ' (other)' : ''}`;
        yield { where: `card ${w}`, answer: () => answers.cardAnswer(p, o) };
        yield { where: `uses ${w}`, answer: () => answers.cardAnswer(p, o, 'uses') };
        yield { where: `obtain ${w}`, answer: () => answers.obtainAnswer(p, o) };
        yield { where: `renew ${w}`, answer: () => answers.renewAnswer(p, o) };
        yield { where: `validity ${w}`, answer: () => answers.validityAnswer(p, o) };
        for (const u of kb.uses.keys()) yield { where: `use ${u} ${w}`, answer: () => answers.useAnswer(p, [u], o) };
      }
      // said of the card, for any holder of it (« avec une CPS, vous pouvez … »), and with a card lent (« une carte ne se prête pas »)
      for (const u of kb.uses.keys()) {
        yield { where: `use ${u} ${p.id} (any holder of the card)`, answer: () => answers.useAnswer(p, [u], { feminine, anyHolder: true }) };
        yield { where: `use ${u} ${p.id} (a card lent)`, answer: () => answers.withPersonalCard(answers.useAnswer(p, [u], { feminine })) };
        yield { where: `use ${u} ${p.id} (a card lent to them)`, answer: () => answers.withPersonalCard(answers.useAnswer(p, [u], { feminine, about: 'other' }), 'other') };
      }
      yield { where: `profileAck ${p.id}`, answer: () => answers.profileAck(p, false, feminine) };
      // two activities of one profession (« PH, et une consultation libérale »)
      for (const q of kb.profilesOf(p.profession).filter((o) => o.id !== p.id)) yield { where: `activitiesAck ${p.id} ${q.id}`, answer: () => answers.activitiesAck(p, q, feminine) };
      for (const s of kb.statuses.keys()) yield { where: `statusIgnored ${s} ${p.id}`, answer: () => answers.cardAnswer(p, { statusIgnored: s, feminine }) };
    }
    for (const t of ['card-lost', 'card-broken', 'ecps', 'adeli-rpps']) {
      yield { where: `topic ${t} ${p.id}`, answer: () => answers.topicAnswer(t, 'topic', p) };
      yield { where: `topic ${t} ${p.id} (other)`, answer: () => answers.topicAnswer(t, 'topic', p, { about: 'other' }) };
      for (const s of kb.statuses.keys()) yield { where: `topic ${t} ${p.id} (statusIgnored ${s})`, answer: () => answers.topicAnswer(t, 'topic', p, { statusIgnored: s }) };
    }
  }
}

/** What is wrong with one answer's rendering (none when all is well). */
export function answerDefects(answer: Answer, answers: Answers): string[] {
  const defects: string[] = [];
  const text = renderText(answer, answers.labels, { details: true, choices: true });
  if (/\{\w+\}/.test(text)) defects.push('accolade non remplie');
  if (/\b(undefined|null|none|NaN)\b/.test(text)) defects.push('valeur vide (undefined, none …)');
  if (/(\.\.)|(,,)|( ,)|(: :)|(\. \.)|(\s\.(?!\w))/.test(text.replace(/…|\.\.\./g, ''))) defects.push('ponctuation doublée');
  const paragraphs = [...firstSight(answer), ...answer.details.flatMap((s) => s.lines)].map((p) => p.trim()).filter((p) => p.length > 20);
  const seen = new Set<string>();
  for (const p of paragraphs) {
    if (seen.has(p)) defects.push(`paragraphe répété : « ${p.slice(0, 60)} … »`);
    seen.add(p);
  }
  const card = renderCard(answer, answers.labels);
  if (card.version !== '1.5') defects.push(`carte de version ${card.version}`);
  if (isVerdict(answer) && visibleLength(answer) > MAX_VERDICT_VISIBLE) defects.push(`réponse oui/non de ${visibleLength(answer)} caractères visibles (plus de ${MAX_VERDICT_VISIBLE})`);
  if (!answer.headline.trim()) defects.push('pas de première phrase');
  return defects;
}

/** The problems of every answer, as kb:check reports them. */
export function checkEveryAnswer(kb: KnowledgeBase): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  let answers: Answers;
  try {
    answers = new Answers(kb);
  } catch (e) {
    return [{ file: 'responses.yaml', path: '', message: (e as Error).message }];
  }
  const seen = new Set<string>();
  for (const { where, answer } of everyAnswer(kb, answers)) {
    let a: Answer;
    try {
      a = answer();
    } catch (e) {
      const message = (e as Error).message;
      if (!seen.has(message)) problems.push({ file: 'responses.yaml', path: where, message });
      seen.add(message);
      continue;
    }
    for (const d of answerDefects(a, answers)) problems.push({ file: 'réponses', path: where, message: d });
  }
  return problems;
}
