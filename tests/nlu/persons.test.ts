/**
 * The person cues (src/nlu/persons.ts), one rule at a time, on messages of our own read by
 * the real recognizer: each rule says yes to its case and no to the case next to it.
 */
import { describe, expect, it } from 'vitest';
import { PersonCues, personCueContext } from '../../src/nlu/persons';
import type { PhraseMatch } from '../../src/nlu/gazetteer';
import { real } from '../helpers';

const { kb, recognizer } = real();
const context = personCueContext(kb);

type Rule = 'isOther' | 'employedAt' | 'employerOf' | 'ownBody' | 'ownTask' | 'holder' | 'introduced' | 'hired' | 'had' | 'oneOf' | 'cleft' | 'askedFor';

/** [rule, message, the profession or page named, what the rule says of it] */
const CASES: Array<[Rule, string, string, boolean]> = [
  ['isOther', 'ma secrétaire peut-elle utiliser ADRI ?', 'secretaire-medical', true],
  ['isOther', 'notre cabinet infirmier a-t-il besoin de cartes ?', 'infirmier', false],
  ['employedAt', 'je suis assistante chez un orthophoniste', 'orthophoniste', true],
  ['employerOf', 'je suis assistante chez un orthophoniste', 'orthophoniste', true],
  ['employedAt', 'je suis orthophoniste et je travaille seule', 'orthophoniste', false],
  ['ownBody', "je suis inscrit à l'ordre des infirmiers", 'infirmier', true],
  ['employerOf', "je suis inscrit à l'ordre des infirmiers", 'infirmier', false],
  ['ownTask', "je m'occupe de l'accueil au cabinet", 'secretaire-medical', true],
  ['ownTask', 'je travaille à la pharmacie', 'pharmacien', false],
  ['holder', 'la CPS du docteur Martin expire bientôt', 'medecin', true],
  ['holder', 'je peux télétransmettre ou il faut la carte du docteur ?', 'medecin', false],
  ['introduced', 'on a une secrétaire, elle peut signer les FSE ?', 'secretaire-medical', true],
  ['introduced', 'je cherche une secrétaire pour le cabinet', 'secretaire-medical', false],
  ['hired', "j'embauche une secrétaire lundi", 'secretaire-medical', true],
  ['hired', "je viens d'être embauché comme secrétaire", 'secretaire-medical', false],
  ['had', "nous avons une secrétaire à mi-temps", 'secretaire-medical', true],
  ['had', 'je suis une secrétaire à mi-temps', 'secretaire-medical', false],
  ['oneOf', "une de nos secrétaires a perdu sa carte", 'secretaire-medical', true],
  ['oneOf', 'je suis une secrétaire du cabinet', 'secretaire-medical', false],
  ['cleft', "c'est la secrétaire qui s'en occupe ?", 'secretaire-medical', true],
  ['cleft', "c'est la secrétaire de l'accueil", 'secretaire-medical', false],
  ['askedFor', 'ok et pour la secrétaire ?', 'secretaire-medical', true],
  ['askedFor', 'je travaille pour la secrétaire', 'secretaire-medical', false],
];

/** The cues of a message, and its match of the given profession or page. */
function read(text: string, id: string): { cue: PersonCues; m: PhraseMatch } {
  const r = recognizer.recognize(text);
  const matches = r.entities.matches.filter((x) => x.kind === 'profile' || x.kind === 'profession');
  const m = matches.find((x) => x.id === id);
  if (!m) throw new Error(`no match ${id} in « ${text} »: ${JSON.stringify(r.entities.matches.map((x) => x.id))}`);
  return { cue: new PersonCues(r.tokens, r.entities.matches, matches, context), m };
}

describe('who a person named is to the asker', () => {
  it.each(CASES)('%s: « %s » (%s) → %s', (rule, text, id, expected) => {
    const { cue, m } = read(text, id);
    expect(cue[rule](m)).toBe(expected);
  });

  it('« c\'est moi qui … ou la secrétaire … ? » puts the asker forward; a person named after it is only mentioned, not one named before', () => {
    const after = read("c'est moi qui signe les lots ou la secrétaire peut le faire ?", 'secretaire-medical');
    expect(after.cue.mentionedAfter(after.m, after.cue.askerPutForward())).toBe(true);
    const before = read("et la secrétaire, c'est moi qui commande sa carte ?", 'secretaire-medical');
    expect(before.cue.mentionedAfter(before.m, before.cue.askerPutForward())).toBe(false);
    const none = read('la secrétaire peut signer les lots ?', 'secretaire-medical');
    expect(none.cue.askerPutForward()).toBe(-1);
  });

  it('a staff word says who employs that person', () => {
    const preparer = read('mon préparateur peut-il utiliser ADRI ?', 'secretaire-medical');
    expect(preparer.cue.employerOfStaff(preparer.m)).toBe('pharmacien');
    const secretary = read('ma secrétaire peut-elle utiliser ADRI ?', 'secretaire-medical');
    expect(secretary.cue.employerOfStaff(secretary.m)).toBeUndefined();
  });
});
