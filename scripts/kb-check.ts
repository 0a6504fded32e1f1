/**
 * `npm run kb:check [dossier]`: checks the knowledge files as the bot does at start-up
 * (schemas, references between files), renders every answer the bot can give (wording
 * keys, template residue, length of yes/no answers) and trains the classifier once.
 * For content editors: prints each problem with its file, the path inside it and the
 * reason, and exits with 1; prints a summary and exits with 0 when all is well.
 */
import { KnowledgeError, loadKnowledgeBase, DEFAULT_KNOWLEDGE_DIR } from '../src/knowledge/load';
import { checkEveryAnswer } from '../src/answers/everything';
import { KeywordRecognizer } from '../src/nlu/recognizer';

function main(): number {
  const dir = process.argv[2] ?? process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR;
  try {
    const kb = loadKnowledgeBase(dir);
    // every answer, for every page, use, topic and term: a missing wording or a malformed answer is refused
    const problems = checkEveryAnswer(kb);
    if (problems.length > 0) throw new KnowledgeError(problems);
    const recognizer = new KeywordRecognizer(kb);
    const uses = kb.data.profiles.flatMap((p) => p.uses);
    const byBasis = (b: string) => uses.filter((u) => u.basis === b).length;
    const phrases = kb.intents.intents.reduce((n, i) => n + i.phrases.length, 0);
    console.log(`Base de connaissances valide : ${dir}`);
    console.log(`  ${kb.profiles.size} profils, ${kb.professions.size} professions, ${kb.uses.size} usages, ${kb.cards.size} cartes`);
    console.log(`  ${uses.length} usages par profil : ${byBasis('icon')} icône du guide, ${byBasis('note')} note du guide, ${byBasis('rule')} règle des titulaires, ${byBasis('inferred')} déduits (à confirmer)`);
    console.log(`  ${kb.glossary.size} sigles, ${kb.contacts.size} contacts, ${kb.topics.size} sujets, ${kb.updates.length} mises à jour datées`);
    console.log(`  ${kb.intents.intents.length} intentions, ${phrases} phrases d'entraînement (vocabulaire appris : ${recognizer.classifier.vocabulary.size} traits)`);
    return 0;
  } catch (err) {
    if (err instanceof KnowledgeError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main();
