/**
 * Runs the blind set (tests/nlu/blind) through the real bot in this process, each
 * dialogue in a fresh conversation, and scores it (tests/nlu/blindSet.ts). The traces come
 * from the replies' channelData (kind and trace), as a channel receives them.
 */
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { createTestBot, real } from '../../tests/helpers';
import { BlindDialogue, BlindScore, ReplyTrace, loadBlindSet, scoreBlindSet } from '../../tests/nlu/blindSet';

export function traceOf(a: Partial<Activity>): ReplyTrace {
  const data = (a.channelData ?? {}) as { replyKind?: string; trace?: Omit<ReplyTrace, 'kind'> };
  return { kind: data.replyKind ?? 'none', ...(data.trace ?? {}) };
}

export async function runBlindSet(dialogues: BlindDialogue[] = loadBlindSet()): Promise<BlindScore> {
  const { kb } = real();
  let n = 0;
  return scoreBlindSet(kb, dialogues, () => {
    const bot = createTestBot({ conversationId: `blind-${n}`, userId: `blind-user-${n++}` });
    return async (text: string) => (await bot.turn(text)).map(traceOf);
  });
}

/** The sets whose failures may be read (the blind ones, tests/nlu/blind6, blind12, blind13, blind18 and blind19, are scored by eval:nlu, figures only). */
export const READABLE = ['blind', 'blind2', 'blind3', 'blind4', 'blind5', 'blind7', 'blind8', 'blind9', 'blind10', 'blind11', 'blind14', 'blind15', 'blind16', 'blind17'];

if (require.main === module) {
  const i = process.argv.indexOf('--set');
  const set = i > 0 ? process.argv[i + 1] : 'blind';
  if (!READABLE.includes(set)) {
    console.error(`--set ${set} : seuls ${READABLE.join(', ')} se lisent ici ; le jeu aveugle se mesure par npm run eval:nlu (chiffres seuls).`);
    process.exit(2);
  }
  const dialogues = loadBlindSet(join(__dirname, '..', '..', 'tests', 'nlu', set));
  runBlindSet(dialogues).then((s) => {
    const { failures, ...figures } = s;
    console.log(JSON.stringify(figures));
    if (process.argv.includes('--failures')) {
      for (const f of failures) console.log(`${f.grade.grade}${f.grade.wrongVerdict ? ' WV' : ''} ${f.id}#${f.turn} ${JSON.stringify(f.expect)} | ${f.user.slice(0, 140)} => ${f.grade.why}`);
    }
  });
}
