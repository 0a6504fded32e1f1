/**
 * The landed bot (commit 9215fd7, before this work) scored on the dialogue sets by the
 * current grader (tests/nlu/blindSet.ts): the figures of reports/blind-baseline.json.
 *
 * The bot of 9215fd7 stamps only a replyKind on its replies, no trace. This script builds
 * that bot with its own test wiring (its tests/helpers.ts createTestBot: MainDialog, memory
 * storage, a fresh conversation per dialogue, as scripts/eval/blindRun.ts does with the
 * current bot) and wraps the methods of its Answers class (on the prototype) so that each
 * reply carries the trace the grader reads, as the current answers write it: the page
 * (profileId), the uses with the page's verdicts (that bot had no notion of a closed
 * service: it gave the page's verdict), the topic, the terms, what it asks back. The trace
 * is kept beside the reply's Adaptive Card (every reply of that bot has one) and read back
 * from the activity's attachment; a prompt re-sent from the dialog state (a copy of the
 * card) keeps its replyKind, which is all the grader needs of a question back. Its
 * « which comparison? » reply (compare.unknown) is not counted as a question back, as in
 * the figures first measured. The knowledge base that grades is the old tree's (the one
 * the landed bot answered from). Checked: blind-1 and blind-2 give exactly the figures
 * measured first (2026-11-27).
 *
 * How to run it, from the root of this repository (one set at a time, a few seconds each):
 *   git worktree add /work/wt-base 9215fd7
 *   ln -s "$PWD/node_modules" /work/wt-base/node_modules   # 9215fd7 needs no package the current tree lacks
 *   BASE_TREE=/work/wt-base npx tsx scripts/eval/baseline-blind.ts blind-1   # or blind-2 … blind-19
 *   git worktree remove --force /work/wt-base
 * BASE_TREE is the tree of the old bot (default: the tree this script sits in, if it is
 * copied into the old tree with tests/nlu/blindSet.ts); the sets and the grader are those
 * beside this script (SETS_DIR overrides the sets' folder, default tests/nlu). It prints
 * the set's figures as JSON; --failures also prints the failures of the development sets
 * (blind-1 … blind-5, blind-7 … blind-11, blind-14 … blind-17), never those of blind-6, blind-12, blind-13, blind-18 and blind-19 (blind sets: figures only).
 */
import { join } from 'node:path';
import { BlindScore, GradingKb, ReplyTrace, loadBlindSet, scoreBlindSet } from '../../tests/nlu/blindSet';

const BASE = process.env.BASE_TREE ?? join(__dirname, '..', '..');
const SETS_DIR = process.env.SETS_DIR ?? join(__dirname, '..', '..', 'tests', 'nlu');
const SETS: Record<string, { dir: string; blind: boolean }> = {
  'blind-1': { dir: join(SETS_DIR, 'blind'), blind: false },
  'blind-2': { dir: join(SETS_DIR, 'blind2'), blind: false },
  'blind-3': { dir: join(SETS_DIR, 'blind3'), blind: false },
  'blind-4': { dir: join(SETS_DIR, 'blind4'), blind: false },
  'blind-5': { dir: join(SETS_DIR, 'blind5'), blind: false },
  'blind-6': { dir: join(SETS_DIR, 'blind6'), blind: true },
  'blind-7': { dir: join(SETS_DIR, 'blind7'), blind: false },
  'blind-8': { dir: join(SETS_DIR, 'blind8'), blind: false },
  'blind-9': { dir: join(SETS_DIR, 'blind9'), blind: false },
  'blind-10': { dir: join(SETS_DIR, 'blind10'), blind: false },
  'blind-11': { dir: join(SETS_DIR, 'blind11'), blind: false },
  'blind-12': { dir: join(SETS_DIR, 'blind12'), blind: true },
  'blind-13': { dir: join(SETS_DIR, 'blind13'), blind: true },
  'blind-14': { dir: join(SETS_DIR, 'blind14'), blind: false },
  'blind-15': { dir: join(SETS_DIR, 'blind15'), blind: false },
  'blind-16': { dir: join(SETS_DIR, 'blind16'), blind: false },
  'blind-17': { dir: join(SETS_DIR, 'blind17'), blind: false },
  'blind-18': { dir: join(SETS_DIR, 'blind18'), blind: true },
  'blind-19': { dir: join(SETS_DIR, 'blind19'), blind: true },
};

/** What the old tree gives this script (typed here: its modules are not those of this tree). */
interface OldActivity {
  text?: string;
  channelData?: { replyKind?: string };
  attachments?: Array<{ content?: unknown }>;
}
interface OldHelpers {
  real(): { kb: GradingKb & OldKb };
  createTestBot(options: { conversationId?: string; userId?: string }): { turn(text: string): Promise<OldActivity[]> };
}
interface OldProfile {
  id: string;
}
interface OldKb {
  useOf(profile: OldProfile, useId: string): { status: string; basis?: string } | undefined;
  topics: Map<string, unknown>;
}
interface OldReply {
  kind: string;
  card?: object;
}
type Method = (this: unknown, ...args: never[]) => OldReply;
type Trace = Omit<ReplyTrace, 'kind'>;

/** The trace of each reply, kept beside its card (the object the activity's attachment holds). */
const traces = new WeakMap<object, Trace>();

/** Wraps one method of the old Answers: the reply it returns gets the trace made from its arguments. */
function wrap(proto: Record<string, unknown>, name: string, traceOf: (args: unknown[], reply: OldReply) => Trace | undefined): void {
  const original = proto[name] as Method | undefined;
  if (typeof original !== 'function') throw new Error(`Answers.${name} is not in the old tree`);
  proto[name] = function (this: unknown, ...args: unknown[]): OldReply {
    const reply = original.apply(this, args as never[]);
    const trace = traceOf(args, reply);
    if (trace && reply.card) traces.set(reply.card, trace);
    return reply;
  };
}

function instrument(proto: Record<string, unknown>, kb: OldKb): void {
  const page = (args: unknown[]) => ({ profileId: (args[0] as OldProfile).id });
  wrap(proto, 'cardAnswer', page);
  wrap(proto, 'obtainAnswer', page);
  wrap(proto, 'useAnswer', (args) => {
    const profile = args[0] as OldProfile;
    const uses = (args[1] as string[]).map((use) => {
      const entry = kb.useOf(profile, use);
      return { use, verdict: entry ? entry.status : 'unlisted', inferred: entry?.basis === 'inferred' };
    });
    return { profileId: profile.id, uses };
  });
  wrap(proto, 'validityAnswer', (args) => ({ topic: 'card-validity', ...(args[0] ? { profileId: (args[0] as OldProfile).id } : {}) }));
  wrap(proto, 'topicAnswer', (args) => {
    const [topic, , profile] = args as [string, string, OldProfile | undefined];
    if (!kb.topics.has(topic)) return undefined; // the fallback answered
    return { topic, ...(profile ? { profileId: profile.id } : {}) };
  });
  // compareAnswer: a known comparison is a topicAnswer (traced there); the old « which
  // comparison? » reply (compare.unknown) is not counted as a question back: no asks, as
  // in the figures measured first (counting it moves 1 message right→partial, 4 wrong→partial on blind-1)
  wrap(proto, 'glossaryAnswer', (args) => ({ terms: args[0] as string[] }));
  wrap(proto, 'contactsAnswer', () => ({ topic: 'contacts' }));
  wrap(proto, 'clarifyCard', () => ({ asks: 'clarify' }));
  wrap(proto, 'askProfession', () => ({ asks: 'profession' }));
  wrap(proto, 'askStatus', () => ({ asks: 'status' }));
  wrap(proto, 'askAmbiguity', () => ({ asks: 'ambiguity' }));
}

const ASKS: Record<string, string> = { 'ask.profession': 'profession', 'ask.status': 'status', 'ask.ambiguity': 'ambiguity', 'clarify.card': 'clarify' };

function traceOf(a: OldActivity): ReplyTrace {
  const kind = a.channelData?.replyKind ?? 'none';
  const card = a.attachments?.[0]?.content;
  const trace = card && typeof card === 'object' ? traces.get(card) : undefined;
  // a prompt re-sent from the dialog state is a copy of the card: its kind says what it asks
  const asks = ASKS[kind];
  return { kind, ...(asks ? { asks } : {}), ...(trace ?? {}) } as ReplyTrace;
}

async function run(setId: string, withFailures: boolean): Promise<void> {
  const set = SETS[setId];
  if (!set) throw new Error(`unknown set ${setId} (blind-1 … blind-14)`);
  const helpers = (await import(join(BASE, 'tests', 'helpers'))) as OldHelpers;
  const { Answers } = (await import(join(BASE, 'src', 'answers', 'compose'))) as { Answers: { prototype: Record<string, unknown> } };
  const { kb } = helpers.real();
  instrument(Answers.prototype, kb);
  let n = 0;
  const s: BlindScore = await scoreBlindSet(kb, loadBlindSet(set.dir), () => {
    const bot = helpers.createTestBot({ conversationId: `blind-${n}`, userId: `blind-user-${n++}` });
    return async (text: string) => (await bot.turn(text)).map(traceOf);
  });
  const { failures, ...figures } = s;
  console.log(JSON.stringify({ set: setId, ...figures }));
  if (withFailures && !set.blind) {
    for (const f of failures) console.log(`${f.grade.grade}${f.grade.wrongVerdict ? ' WV' : ''} ${f.id}#${f.turn} ${JSON.stringify(f.expect)} | ${f.user.slice(0, 140)} => ${f.grade.why}`);
  }
}

run(process.argv[2] ?? 'blind-1', process.argv.includes('--failures')).catch((err) => {
  console.error(err);
  process.exit(1);
});
