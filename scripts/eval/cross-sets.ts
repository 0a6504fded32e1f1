/**
 * Leave-one-set-out cross-validation over the read dialogue sets (the development sets: their
 * failures have been read, so they may train the classifier; the blind sets never do): the
 * classifier is trained on intents.yaml plus the labelled messages of nine sets, and the tenth
 * is scored through the real bot (tests/nlu/blindSet.ts), dialogue by dialogue.
 *
 * It answers one question: would the read sets, used as classifier training data, make the bot
 * better on a set it has not seen? Measured in session 8 (docs/understanding.md › Classifieur
 * et seuil): no; the shipped classifier is trained on intents.yaml alone.
 *
 *   npx tsx scripts/eval/cross-sets.ts --held blind10 [--baseline] [--singles] [--missed] [--kinds card,obtain]
 *
 * --baseline scores the held set with the shipped recognizer (nothing added); --singles adds
 * only single messages (not dialogue turns, whose label is often the question pending, not
 * the message's own); --missed adds only the messages the shipped recognizer misreads;
 * --kinds keeps only the labelled kinds given. It prints the held set's figures as JSON.
 */
import { join } from 'node:path';
import { IntentClassifier, TrainingExample, featuresOf } from '../../src/nlu/classifier';
import { toTokens } from '../../src/nlu/normalize';
import { KeywordRecognizer } from '../../src/nlu/recognizer';
import { createTestBot, real } from '../../tests/helpers';
import { loadBlindSet, scoreBlindSet } from '../../tests/nlu/blindSet';
import { READABLE, traceOf } from './blindRun';

/** The read sets: only they may train the classifier. */
const READ_SETS = READABLE;

/** The intent a labelled kind of question is trained as (greetings, English and questions back have no single intent). */
const KIND_INTENT: Record<string, string> = {
  card: 'card.which',
  access: 'use.access',
  obtain: 'card.obtain',
  renew: 'card.renew',
  validity: 'card.validity',
  lost: 'card.lost',
  broken: 'card.broken',
  ecps: 'ecps.info',
  definition: 'glossary.define',
  compare: 'card.compare',
  contact: 'contact.cpam',
  'adeli-rpps': 'adeli.rpps',
  profile: 'profile.set',
  help: 'help',
  'out-of-scope': 'oos',
};

interface Options {
  held: string;
  baseline: boolean;
  singles: boolean;
  missed: boolean;
  kinds?: string[];
}

function optionsOf(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const held = value('--held') ?? '';
  if (!READ_SETS.includes(held)) throw new Error(`--held: one of ${READ_SETS.join(', ')}`);
  return { held, baseline: argv.includes('--baseline'), singles: argv.includes('--singles'), missed: argv.includes('--missed'), kinds: value('--kinds')?.split(',') };
}

/** The labelled messages of the sets, as (intent, text). */
function labelled(sets: string[], o: Options): Array<{ intent: string; text: string }> {
  const out: Array<{ intent: string; text: string }> = [];
  for (const s of sets) {
    for (const d of loadBlindSet(join(__dirname, '..', '..', 'tests', 'nlu', s))) {
      if (o.singles && !d.single) continue;
      for (const t of d.turns) {
        const intent = KIND_INTENT[t.expect.kind];
        if (intent && (!o.kinds || o.kinds.includes(t.expect.kind))) out.push({ intent, text: t.user });
      }
    }
  }
  return out;
}

/** A recognizer whose classifier also learns from the other read sets. */
function trainedOn(sets: string[], o: Options): KeywordRecognizer {
  const { kb } = real();
  const recognizer = new KeywordRecognizer(kb);
  const shipped = new KeywordRecognizer(kb);
  const extra: TrainingExample[] = labelled(sets, o)
    .filter((x) => !o.missed || shipped.recognize(x.text).intent !== x.intent)
    .map((x) => {
      const tokens = toTokens(x.text, recognizer.lexicon);
      return { intent: x.intent, features: featuresOf(tokens, recognizer.entities.gazetteer.find(tokens), recognizer.lexicon, recognizer.bigrams) };
    });
  const classifier = new IntentClassifier('bayes').train([...recognizer.trainingExamples(), ...extra]);
  Object.defineProperty(recognizer, 'classifier', { value: classifier });
  return recognizer;
}

async function main(): Promise<void> {
  const o = optionsOf(process.argv);
  const { kb } = real();
  const recognizer = o.baseline ? undefined : trainedOn(READ_SETS.filter((s) => s !== o.held), o);
  const dialogues = loadBlindSet(join(__dirname, '..', '..', 'tests', 'nlu', o.held));
  let n = 0;
  const score = await scoreBlindSet(kb, dialogues, () => {
    const bot = createTestBot({ conversationId: `cross-${n}`, userId: `cross-${n++}`, recognizer });
    return async (text: string) => (await bot.turn(text)).map(traceOf);
  });
  const { failures: _failures, ...figures } = score;
  console.log(JSON.stringify({ held: o.held, ...figures }));
}

if (require.main === module) void main();
