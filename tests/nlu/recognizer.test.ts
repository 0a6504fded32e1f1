/** Shapes of messages the recognizer settles by rule rather than by the classifier. */
import { describe, expect, it } from 'vitest';
import { real } from '../helpers';
import { lexiconOf } from '../../src/nlu/normalize';

const intentOf = (text: string) => real().recognizer.recognize(text).intent;

describe('recognizer rules', () => {
  it('asks which question when « carte » comes alone', () => {
    expect(intentOf('carte')).toBe('card.clarify');
    expect(intentOf('Ma carte ??')).toBe('card.clarify');
    expect(intentOf('une question sur les cartes')).toBe('card.clarify');
    expect(intentOf('quoi')).not.toBe('card.clarify');
    expect(intentOf('ma carte est bloquée')).toBe('card.broken');
  });

  it('does not take the patient\'s carte Vitale for a professional card', () => {
    expect(intentOf('la carte vitale de ma patiente est illisible')).toBe('none');
    expect(intentOf('je voudrais une carte vitale neuve')).toBe('none');
  });

  it('needs two cards or a word of comparison to compare', () => {
    expect(intentOf('différence entre la CPE et la CPF')).toBe('card.compare');
    expect(intentOf('quelles fonctions pour la CPE')).not.toBe('card.compare');
  });

  it('reads a definition asked of one sigle', () => {
    expect(intentOf("qu'est-ce que la CDE ?")).toBe('glossary.define');
    expect(intentOf('que veut dire RPPS')).toBe('glossary.define');
  });

  it('gives the fallback to a message made mostly of words it has never met', () => {
    expect(intentOf('le chat du voisin miaule toute la nuit')).toBe('none');
  });

  it('chooses an intent about one subject only when the message names it (intents.yaml › anchors)', () => {
    expect(intentOf('et quand je serai installée ?')).not.toBe('adeli.rpps');
    expect(intentOf("je suis inscrite à l'ordre depuis 3 semaines")).not.toBe('adeli.rpps');
    expect(intentOf('quand passe-t-on au RPPS ?')).toBe('adeli.rpps');
    expect(intentOf("mon numéro ADELI va changer ?")).toBe('adeli.rpps');
    // a card named with no word of definition is not asked what it means; named alone, it is
    expect(intentOf('la CDE elle passe au nouveau gérant ?')).not.toBe('glossary.define');
    expect(intentOf('CDE')).toBe('glossary.define');
    expect(intentOf('ANS c\'est qui ?')).toBe('glossary.define');
    // a person named alone is not a name to define
    expect(intentOf('moi assistante dentaire')).not.toBe('glossary.define');
  });

  it('never chooses the help beside one\'s own card, a use or a card\'s trouble', () => {
    expect(intentOf('ma carte elle sert à quoi concrètement ?')).toBe('card.uses');
    expect(intentOf('vous savez faire quoi exactement ?')).toBe('help');
  });

  it('keeps « ce » as a word (the SMS form « cé » folds to it)', () => {
    expect(real().recognizer.recognize('ce que je peux faire').tokens).toContain('ce');
  });
});

describe('the lexicon index', () => {
  it('is built once per knowledge base and shared (recognizer, reading, router)', () => {
    const { kb, recognizer } = real();
    expect(lexiconOf(kb.lexicon)).toBe(recognizer.lexicon);
    expect(lexiconOf(kb.lexicon).stopwords.has('de')).toBe(true);
    // another lexicon gets its own index
    expect(lexiconOf({ replacements: {}, stopwords: ['le'] })).not.toBe(recognizer.lexicon);
  });
});

describe('phrase matching', () => {
  const found = (text: string) => real().recognizer.recognize(text).entities.matches.map((m) => `${m.kind}:${m.id}`);

  it('takes no infinitive in -ir for a noun of the same stem (« accueillir » is no agent d\'accueil, « remplir » no remplaçant)', () => {
    expect(found('on va accueillir une interne')).not.toContain('profession:secretaire-medical');
    expect(found('je peux remplir le DMP')).not.toContain('status:remplacant');
    expect(found('je peux remplir le DMP')).toContain('use:dmp-feed');
    // the noun itself still is
    expect(found('je travaille à l\'accueil')).toContain('profession:secretaire-medical');
    expect(found('je suis remplaçante')).toContain('status:remplacant');
  });

  it('takes no use from what the asker says they do after a use named (« … et moi je signe après »)', () => {
    const uses = (text: string) => real().recognizer.recognize(text).entities.uses;
    expect(uses('mon préparateur peut faire les feuilles de soins et moi je signe après ?')).not.toContain('fse-sign');
    expect(uses('mon préparateur peut faire les feuilles de soins et moi je signe après ?')).toContain('fse-prepare');
    // a verb of the question itself still picks its use
    expect(uses('les feuilles de soins, je peux les signer ?')).toContain('fse-sign');
  });

  it('takes two kindred intents together against the threshold (renewal and validity), not when a third is close behind', () => {
    // the classifier splits « expire … je fais quoi » between the two; the renewal is answered
    const split = real().recognizer.recognize('ma carte expire l\'an prochain je fais quoi');
    expect(split.ranking.slice(0, 2).map((r) => r.intent).sort()).toEqual(['card.renew', 'card.validity']);
    expect(split.ranking[0].score).toBeLessThan(real().recognizer.threshold);
    expect(split.intent).toBe('card.renew');
    // three intents close together: the classifier does not know, and neither does the pair
    const wide = real().recognizer.recognize('faut être inscrit au tableau de l\'ordre avant ?');
    expect(wide.ranking[2].score * 2).toBeGreaterThan(wide.ranking[1].score);
    expect(wide.intent).not.toBe('card.validity');
  });
});
