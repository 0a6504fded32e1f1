/**
 * The blind evaluation set (tests/nlu/blind/*.yaml, see its README): loader and grader.
 * The grader compares what the bot answered (each reply's kind and trace: page, uses and
 * verdicts, topic, what it asked) with the labels, and takes the right verdict from the
 * knowledge base for the labelled page and use. Used by `npm run eval:nlu` and by the
 * floor test; it knows nothing of the Bot Framework.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export const BLIND_DIR = join(__dirname, 'blind');

const expectSchema = z
  .object({
    kind: z.enum(['card', 'access', 'obtain', 'renew', 'validity', 'lost', 'broken', 'ecps', 'definition', 'compare', 'contact', 'adeli-rpps', 'profile', 'greeting', 'help', 'out-of-scope', 'english', 'ask']),
    profile: z.string().optional(),
    profession: z.string().optional(),
    uncovered: z.string().optional(),
    about: z.enum(['other', 'self']).optional(),
    use: z.string().optional(),
    term: z.string().optional(),
    cards: z.array(z.string()).optional(),
    ask: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
type Expectation = z.infer<typeof expectSchema>;

const fileSchema = z
  .object({
    persona: z.string(),
    messages: z.array(z.object({ text: z.string().min(1), expect: expectSchema }).strict()),
    dialogues: z.array(z.object({ id: z.string(), turns: z.array(z.object({ user: z.string().min(1), expect: expectSchema }).strict()).min(1) }).strict()),
  })
  .strict();

export interface BlindDialogue {
  id: string;
  file: string;
  /** a single message is a dialogue of one turn */
  single: boolean;
  turns: Array<{ user: string; expect: Expectation }>;
}

export function loadBlindSet(dir = BLIND_DIR): BlindDialogue[] {
  const out: BlindDialogue[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    const data = fileSchema.parse(parse(readFileSync(join(dir, f), 'utf8')));
    data.messages.forEach((m, i) => out.push({ id: `${f}#m${i + 1}`, file: f, single: true, turns: [{ user: m.text, expect: m.expect }] }));
    data.dialogues.forEach((d) => out.push({ id: `${f}#${d.id}`, file: f, single: false, turns: d.turns }));
  }
  return out;
}

/** What one reply of the bot said (its kind and trace), as the grader reads it. */
export interface ReplyTrace {
  kind: string;
  profileId?: string;
  about?: 'self' | 'other';
  uncovered?: string;
  uses?: Array<{ use: string; verdict: string; inferred?: boolean }>;
  topic?: string;
  terms?: string[];
  asks?: string;
  /** the verdict is said of a card, for every holder of it */
  holderOf?: string;
}

/** The part of the knowledge base the grader needs (stable across versions of the bot). */
export interface GradingKb {
  profiles: Map<string, { id: string; profession: string; card: string; delivery: unknown; uses: Array<{ use: string; status: string }> }>;
  uses: Map<string, { id: string; group?: string }>;
  profilesOf(profession: string): Array<{ id: string; profession: string; card: string; delivery: unknown; uses: Array<{ use: string; status: string }> }>;
}

type Grade = 'right' | 'partial' | 'wrong';
interface TurnGrade {
  grade: Grade;
  /** the answer began « Oui » or « Non » against the guide, or guessed a profile */
  wrongVerdict: boolean;
  /** an out-of-scope message got a domain answer or a profile question */
  oosAnswered: boolean;
  why: string;
}

const ANSWER_KINDS: Record<string, string[]> = {
  card: ['card.which', 'card.uses'],
  access: ['use.access'],
  obtain: ['card.obtain'],
  renew: ['card.renew'],
  validity: ['card.validity'],
  lost: ['card.lost'],
  broken: ['card.broken'],
  ecps: ['ecps.info'],
  definition: ['glossary.define'],
  compare: ['card.compare'],
  contact: ['contact.cpam'],
  'adeli-rpps': ['adeli.rpps'],
  greeting: ['greeting', 'thanks', 'goodbye', 'welcome', 'help'],
  help: ['help', 'fallback', 'greeting'],
  // (« le guide ne prévoit aucune carte pour les comptables … » is the answer out of the field for someone the guide gives no card)
  'out-of-scope': ['fallback', 'help', 'ask.gaveUp', 'oos', 'profile.noCard'],
  english: ['lang.english'],
};
const CLOSED_USES = new Set(['si-dep', 'si-vac']);
const DOMAIN_KINDS = new Set(['card.which', 'card.uses', 'use.access', 'card.obtain', 'card.renew', 'card.validity', 'card.lost', 'card.broken', 'ecps.info', 'glossary.define', 'card.compare', 'adeli.rpps', 'ask.profession', 'ask.status', 'profile.set', 'profile.uncovered']);

function isAsk(r: ReplyTrace): boolean {
  return r.kind.startsWith('ask.') || !!r.asks || r.kind === 'clarify.card';
}

/** The uses a label names: a use, or every use of a group (« fse », « dmp »). */
function usesOf(kb: GradingKb, use: string): string[] {
  if (kb.uses.has(use)) return [use];
  return [...kb.uses.values()].filter((u) => u.group === use).map((u) => u.id);
}

/** The guide's word for a page and a labelled use: oui, non, or closed (a service closed since). */
function truthWord(kb: GradingKb, profileId: string, use: string): 'oui' | 'non' | 'closed' {
  const ids = usesOf(kb, use);
  if (ids.length > 0 && ids.every((u) => CLOSED_USES.has(u))) return 'closed';
  const p = kb.profiles.get(profileId);
  const listed = (p?.uses ?? []).filter((u) => ids.includes(u.use));
  return listed.some((u) => u.status === 'access' || u.status === 'conditional') ? 'oui' : 'non';
}

/** The bot's word for the uses it answered that the label names (or all it answered). */
function botWord(kb: GradingKb, r: ReplyTrace, use?: string): { word?: 'oui' | 'non' | 'closed'; onTopic: boolean } {
  if (!r.uses || r.uses.length === 0) return { onTopic: false };
  const wanted = use ? usesOf(kb, use) : [];
  const relevant = r.uses.filter((u) => wanted.includes(u.use));
  const list = relevant.length > 0 ? relevant : r.uses;
  if (list.every((u) => u.verdict === 'closed')) return { word: 'closed', onTopic: relevant.length > 0 };
  const word = list.some((u) => u.verdict === 'access' || u.verdict === 'conditional') ? 'oui' : 'non';
  return { word, onTopic: relevant.length > 0 };
}

/** Whether the guide answers this page and use « under a condition », and the bot gave that conditional answer for each use it answered. */
function conditionalOnPage(kb: GradingKb, r: ReplyTrace, profileId: string, use: string): boolean {
  const ids = usesOf(kb, use);
  const answered = (r.uses ?? []).filter((u) => ids.includes(u.use));
  const listed = kb.profiles.get(profileId)?.uses ?? [];
  return answered.length > 0 && answered.every((u) => u.verdict === 'conditional' && listed.some((l) => l.use === u.use && l.status === 'conditional'));
}

/** Whether all pages of a profession give the same answer of this kind (then no status is needed). */
function pagesAgree(kb: GradingKb, profession: string, e: Expectation): boolean {
  const pages = kb.profilesOf(profession);
  if (pages.length <= 1) return true;
  const key = (p: (typeof pages)[number]) => {
    switch (e.kind) {
      case 'access':
        return e.use ? truthWord(kb, p.id, e.use) : 'x';
      case 'obtain':
        return JSON.stringify(p.delivery);
      case 'renew':
      case 'validity': {
        // renewed or lasting alike (same validity, same deliverer): the same answer, « votre carte » (as the router answers)
        const list = (p.delivery as Array<{ validity?: string; deliveredBy?: string }> | undefined) ?? [];
        const d = list.find((x) => x.validity) ?? list[0];
        return `${d?.validity ?? ''} ${d?.deliveredBy ?? ''}`;
      }
      case 'card':
      case 'profile':
        return p.card;
      default:
        return 'same';
    }
  };
  return new Set(pages.map(key)).size === 1;
}

/** Grades the replies of one turn against its expectation. */
function gradeTurn(kb: GradingKb, e: Expectation, replies: ReplyTrace[]): TurnGrade {
  const main = [...replies].reverse().find((r) => r.kind !== 'lead') ?? { kind: 'none' };
  const ok = (why: string): TurnGrade => ({ grade: 'right', wrongVerdict: false, oosAnswered: false, why });
  const partial = (why: string): TurnGrade => ({ grade: 'partial', wrongVerdict: false, oosAnswered: false, why });
  const wrong = (why: string, wrongVerdict = false, oosAnswered = false): TurnGrade => ({ grade: 'wrong', wrongVerdict, oosAnswered, why });
  const verdictGiven = (main.uses?.length ?? 0) > 0 && main.kind === 'use.access';

  // out of scope, greetings, English: no domain answer, no profile question
  if (e.kind === 'out-of-scope' || e.kind === 'english' || e.kind === 'greeting' || e.kind === 'help') {
    if (ANSWER_KINDS[e.kind].includes(main.kind)) return ok(main.kind);
    if (DOMAIN_KINDS.has(main.kind) && e.kind !== 'help') return wrong(`domain answer ${main.kind}`, verdictGiven, true);
    if (e.kind === 'english' && ANSWER_KINDS['out-of-scope'].includes(main.kind)) return partial('help in French, no word of the language');
    if (e.kind === 'greeting' && (main.kind === 'fallback' || main.kind === 'help')) return partial('help for a greeting');
    return wrong(`got ${main.kind}`);
  }

  // the person is not covered by the guide: say so, never map silently
  if (e.uncovered) {
    if (main.uncovered) return ok('uncovered said');
    if (isAsk(main)) return partial('asked back');
    return wrong(`not said uncovered (${main.kind} ${main.profileId ?? ''})`, verdictGiven);
  }

  // nothing tells whom the question is about: a question back
  if (e.kind === 'ask') {
    if (isAsk(main)) return ok(`asked ${main.kind}`);
    // a service closed for everyone (SI-VAC, SI-DEP) needs nobody's profile: saying so is no verdict
    if (e.use && CLOSED_USES.has(e.use) && verdictGiven && botWord(kb, main, e.use).word === 'closed') return ok('closed for everyone');
    // the status is asked only when the profession's pages answer differently (issue 8): when every page
    // gives the same word for the use, that word is the answer, and another word is a wrong verdict
    if (e.ask === 'status' && e.profession && e.use && verdictGiven) {
      const truths = new Set(kb.profilesOf(e.profession).map((p) => truthWord(kb, p.id, e.use!)));
      const { word } = botWord(kb, main, e.use);
      if (truths.size === 1) return word === [...truths][0] ? ok('same answer on every page of the profession') : wrong(`verdict ${word} ≠ guide ${[...truths][0]}`, true);
    }
    // a verdict said of a card, for whoever holds it: right when every page with that card gives that word (and so the asker's, whoever they are)
    if (verdictGiven && main.holderOf && e.use) {
      const holders = [...kb.profiles.values()].filter((p) => p.card === main.holderOf && (!e.profession || p.profession === e.profession));
      const truths = new Set(holders.map((p) => truthWord(kb, p.id, e.use!)));
      const { word } = botWord(kb, main, e.use);
      if (truths.size === 1) return word === [...truths][0] ? ok('said of the card, for every holder') : wrong(`verdict ${word} ≠ guide ${[...truths][0]} (any holder of ${main.holderOf})`, true);
    }
    // the page is known and the guide answers it « under a condition » (« sauf CPE non nominatives »):
    // an answer that states that condition answers every case the question back would have told apart
    if (e.profile && e.use && verdictGiven && main.profileId === e.profile && conditionalOnPage(kb, main, e.profile, e.use)) return ok('the condition stated');
    return wrong(`no question back (${main.kind} ${main.profileId ?? ''})`, verdictGiven);
  }

  const profile = e.profile;
  const profession = e.profession ?? (profile ? kb.profiles.get(profile)?.profession : undefined);
  const needStatus = !profile && !!profession && !pagesAgree(kb, profession, e);

  if (isAsk(main)) {
    if (needStatus && (main.asks === 'status' || main.kind === 'ask.status')) return ok('asked the status');
    if (e.kind === 'profile' && profession && !profile && (main.asks === 'status' || main.kind === 'ask.status')) return ok('asked the status');
    return partial(`asked back (${main.kind})`);
  }

  if (e.kind === 'profile') {
    if (profile && main.profileId === profile) return ok('profile taken');
    if (!profile && profession && main.profileId && kb.profiles.get(main.profileId)?.profession === profession && !needStatus) return ok('profile taken');
    if (main.kind === 'profile.set' || main.kind === 'card.which') return partial(`profile ${main.profileId}`);
    return wrong(`got ${main.kind}`);
  }

  const kinds = ANSWER_KINDS[e.kind] ?? [];
  if (e.kind === 'access') {
    if (!verdictGiven) {
      if (main.kind === 'card.uses' && main.profileId === profile) return partial('the card\'s uses, not the one asked');
      return wrong(`no verdict (${main.kind})`);
    }
    // the verdict's page: the labelled one, or (status unknown) each page of the profession
    const pages = profile ? [profile] : profession ? kb.profilesOf(profession).map((p) => p.id) : [];
    const { word, onTopic } = botWord(kb, main, e.use);
    // nothing labelled of the person: the guide's truth is unknown, so no verdict can be judged wrong
    if (pages.length === 0) return partial('verdict for a page the labels do not name');
    if (!e.use) return main.profileId && pages.includes(main.profileId) ? partial('use not labelled') : wrong('other page');
    const truths = new Set(pages.map((p) => truthWord(kb, p, e.use!)));
    if (truths.size > 1) return wrong(`guessed the status (${main.profileId})`, true);
    const truth = [...truths][0];
    const samePage = !!main.profileId && pages.includes(main.profileId);
    if (truth === 'closed') {
      if (word === 'closed') return samePage || !profile ? ok('closed said') : partial('closed said, other page');
      return word === 'oui' ? wrong('« Oui » to a closed service', true) : partial('« Non » to a closed service, closure not said');
    }
    if (word !== truth) return wrong(`verdict ${word} ≠ guide ${truth} (${main.profileId}, ${(main.uses ?? []).map((u) => u.use).join('+')})`, true);
    if (!onTopic) return partial('right word, other use');
    // said of the card the labelled page holds, for every holder of it
    if (main.holderOf && pages.every((p) => kb.profiles.get(p)?.card === main.holderOf)) return ok('verdict said of the card');
    if (!samePage) return partial(`right word, other page ${main.profileId}`);
    return ok('verdict');
  }

  if (!kinds.includes(main.kind)) {
    // a renewal answered by the validity (or the reverse) is close
    if ((e.kind === 'renew' && main.kind === 'card.validity') || (e.kind === 'validity' && main.kind === 'card.renew')) return partial(main.kind);
    if (e.kind === 'ecps' && main.kind === 'card.compare') return partial(main.kind);
    return wrong(`got ${main.kind}`);
  }
  if (['card', 'obtain', 'renew', 'validity'].includes(e.kind)) {
    if (profile && main.profileId && main.profileId !== profile) {
      const same = kb.profiles.get(main.profileId)?.card === kb.profiles.get(profile)?.card && e.kind !== 'obtain';
      return same ? partial(`other page ${main.profileId}, same card`) : wrong(`other page ${main.profileId}`);
    }
    if (needStatus && main.profileId) return wrong(`guessed the status (${main.profileId})`);
    if ((profile || profession) && !main.profileId && e.kind !== 'renew' && e.kind !== 'validity') return partial('general answer');
  }
  return ok(main.kind);
}

export interface BlindScore {
  dialogues: number;
  dialoguesRight: number;
  messages: number;
  messagesRight: number;
  messagesPartial: number;
  multiTurn: number;
  multiTurnRight: number;
  turns: number;
  turnsRight: number;
  wrongVerdicts: number;
  oosTotal: number;
  oosAnswered: number;
  failures: Array<{ id: string; turn: number; user: string; expect: Expectation; grade: TurnGrade; replies: ReplyTrace[] }>;
}

/** Runs every dialogue through `run` (a fresh conversation each) and scores it. */
export async function scoreBlindSet(
  kb: GradingKb,
  dialogues: BlindDialogue[],
  newConversation: () => (text: string) => Promise<ReplyTrace[]>,
): Promise<BlindScore> {
  const s: BlindScore = { dialogues: 0, dialoguesRight: 0, messages: 0, messagesRight: 0, messagesPartial: 0, multiTurn: 0, multiTurnRight: 0, turns: 0, turnsRight: 0, wrongVerdicts: 0, oosTotal: 0, oosAnswered: 0, failures: [] };
  for (const d of dialogues) {
    const say = newConversation();
    let allRight = true;
    for (const [i, t] of d.turns.entries()) {
      const replies = await say(t.user);
      const g = gradeTurn(kb, t.expect, replies);
      s.turns++;
      if (g.grade === 'right') s.turnsRight++;
      else {
        allRight = false;
        s.failures.push({ id: d.id, turn: i + 1, user: t.user, expect: t.expect, grade: g, replies });
      }
      if (g.wrongVerdict) s.wrongVerdicts++;
      if (['out-of-scope', 'english', 'greeting'].includes(t.expect.kind)) {
        s.oosTotal++;
        if (g.oosAnswered) s.oosAnswered++;
      }
      if (d.single) {
        s.messages++;
        if (g.grade === 'right') s.messagesRight++;
        if (g.grade === 'partial') s.messagesPartial++;
      }
    }
    s.dialogues++;
    if (allRight) s.dialoguesRight++;
    if (!d.single) {
      s.multiTurn++;
      if (allRight) s.multiTurnRight++;
    }
  }
  return s;
}
