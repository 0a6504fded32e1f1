/**
 * Could a gate on the reading catch the wrong verdicts? Every answer of the read dialogue sets
 * that gives a verdict (« Oui » / « Non »), counted by a few features of the message's reading,
 * with how many of them are right, partly right, wrong, or wrong verdicts
 * (docs/understanding.md › Classifieur et seuil, « Un filtre des verdicts ? »).
 *
 *   npx tsx scripts/eval/verdict-signals.ts            # the ten read sets
 *   npx tsx scripts/eval/verdict-signals.ts blind10    # one of them
 *
 * It reads only the sets whose failures may be read (READ_SETS); it prints one line per feature.
 */
import { join } from 'node:path';
import { Understanding } from '../../src/nlu/reading';
import { createTestBot, real } from '../../tests/helpers';
import { ReplyTrace, loadBlindSet, scoreBlindSet } from '../../tests/nlu/blindSet';
import { READABLE as READ_SETS, traceOf } from './blindRun';

interface VerdictRow {
  grade: 'right' | 'partial' | 'wrong' | 'wrongVerdict';
  about: string;
  factsSaid: boolean;
  followUp: boolean;
  laterTurn: boolean;
  inferred: boolean;
  short: boolean;
  reason: string;
}

/** The turns of one set that gave a verdict, each with its grade and reading features. */
async function verdictsOf(set: string, understanding: Understanding): Promise<VerdictRow[]> {
  const { kb } = real();
  const dialogues = loadBlindSet(join(__dirname, '..', '..', 'tests', 'nlu', set));
  const turns: Array<{ id: string; turn: number; user: string; replies: ReplyTrace[] }> = [];
  let n = 0;
  const score = await scoreBlindSet(kb, dialogues, () => {
    const id = dialogues[n].id;
    const bot = createTestBot({ conversationId: `verdicts-${n}`, userId: `verdicts-${n++}` });
    let turn = 0;
    return async (text: string) => {
      const replies = (await bot.turn(text)).map(traceOf);
      turns.push({ id, turn: ++turn, user: text, replies });
      return replies;
    };
  });
  const grades = new Map(score.failures.map((f) => [`${f.id}#${f.turn}`, f.grade]));
  const rows: VerdictRow[] = [];
  for (const t of turns) {
    const main = [...t.replies].reverse().find((r) => r.kind !== 'lead');
    if (main?.kind !== 'use.access' || !main.uses?.length) continue;
    const g = grades.get(`${t.id}#${t.turn}`);
    const reading = understanding.read(t.user);
    const s = reading.subject;
    rows.push({
      grade: !g ? 'right' : g.wrongVerdict ? 'wrongVerdict' : g.grade === 'partial' ? 'partial' : 'wrong',
      about: main.about ?? 'self',
      factsSaid: s.profiles.length + s.professions.length + s.statuses.length > 0,
      followUp: reading.followUp,
      laterTurn: t.turn > 1,
      inferred: main.uses.some((u) => u.inferred),
      short: reading.recognition.tokens.length <= 8,
      reason: reading.recognition.reason,
    });
  }
  return rows;
}

async function main(): Promise<void> {
  const { kb, recognizer } = real();
  const understanding = new Understanding(kb, recognizer);
  const sets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : READ_SETS;
  for (const s of sets) if (!READ_SETS.includes(s)) throw new Error(`${s}: only the read sets (${READ_SETS.join(', ')})`);
  const rows: VerdictRow[] = [];
  for (const s of sets) rows.push(...(await verdictsOf(s, understanding)));
  console.log(`${rows.length} verdicts, ${rows.filter((r) => r.grade === 'wrongVerdict').length} wrong verdicts`);
  const features: Record<string, (r: VerdictRow) => string> = {
    about: (r) => r.about,
    'who said in the message': (r) => String(r.factsSaid),
    'follow-up': (r) => String(r.followUp),
    'later turn': (r) => String(r.laterTurn),
    'later turn, nobody said': (r) => String(r.laterTurn && !r.factsSaid),
    inferred: (r) => String(r.inferred),
    'eight words or fewer': (r) => String(r.short),
    'intent from': (r) => r.reason,
  };
  for (const [name, of] of Object.entries(features)) {
    const counts = new Map<string, Record<VerdictRow['grade'] | 'n', number>>();
    for (const r of rows) {
      const c = counts.get(of(r)) ?? { n: 0, right: 0, partial: 0, wrong: 0, wrongVerdict: 0 };
      c.n++;
      c[r.grade]++;
      counts.set(of(r), c);
    }
    console.log(`${name}: ${[...counts].map(([v, c]) => `${v} ${c.n} (right ${c.right}, wrong verdicts ${c.wrongVerdict})`).join(' · ')}`);
  }
}

if (require.main === module) void main();
