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

/** The cues of a message, and its match of the given profession or page. */
function read(text: string, id: string): { cue: PersonCues; m: PhraseMatch } {
  const r = recognizer.recognize(text);
  const matches = r.entities.matches.filter((x) => x.kind === 'profile' || x.kind === 'profession');
  const m = matches.find((x) => x.id === id) ?? r.entities.matches.find((x) => x.id === id);
  if (!m) throw new Error(`no match ${id} in « ${text} »: ${JSON.stringify(r.entities.matches.map((x) => x.id))}`);
  return { cue: new PersonCues(r.tokens, r.entities.matches, matches, context), m };
}

describe('who a person named is to the asker', () => {
  it('a possessive names someone else, but not a structure or its kind', () => {
    const mine = read('ma secrétaire peut-elle utiliser ADRI ?', 'secretaire-medical');
    expect(mine.cue.isOther(mine.m)).toBe(true);
    const cabinet = read('notre cabinet infirmier a-t-il besoin de cartes ?', 'infirmier');
    expect(cabinet.cue.isOther(cabinet.m)).toBe(false);
  });

  it('« chez » names the employer, with or without an article', () => {
    const a = read('je suis assistante chez un orthophoniste', 'orthophoniste');
    expect(a.cue.employedAt(a.m)).toBe(true);
    expect(a.cue.employerOf(a.m)).toBe(true);
    const b = read('je suis orthophoniste et je travaille seule', 'orthophoniste');
    expect(b.cue.employedAt(b.m)).toBe(false);
  });

  it('« l\'ordre des … » and « je m\'occupe de l\'accueil » are the asker\'s own, not an employer', () => {
    const body = read("je suis inscrit à l'ordre des infirmiers", 'infirmier');
    expect(body.cue.ownBody(body.m)).toBe(true);
    expect(body.cue.employerOf(body.m)).toBe(false);
    const task = read("je m'occupe de l'accueil au cabinet", 'secretaire-medical');
    expect(task.cue.ownTask(task.m)).toBe(true);
    const notStaff = read('je travaille à la pharmacie', 'pharmacien');
    expect(notStaff.cue.ownTask(notStaff.m)).toBe(false);
  });

  it('the holder of a card named is someone else, unless the asker asks what they can do', () => {
    const h = read('la CPS du docteur Martin expire bientôt', 'medecin');
    expect(h.cue.holder(h.m)).toBe(true);
    const mine = read('je peux télétransmettre ou il faut la carte du docteur ?', 'medecin');
    expect(mine.cue.holder(mine.m)).toBe(false);
  });

  it('a staff member brought in with « une », then « elle », is the one asked about', () => {
    const a = read('on a une secrétaire, elle peut signer les FSE ?', 'secretaire-medical');
    expect(a.cue.introduced(a.m)).toBe(true);
    const b = read('je cherche une secrétaire pour le cabinet', 'secretaire-medical');
    expect(b.cue.introduced(b.m)).toBe(false);
  });

  it('« j\'embauche une secrétaire » is someone else; « j\'ai été embauchée comme secrétaire » is the asker', () => {
    const a = read("j'embauche une secrétaire lundi", 'secretaire-medical');
    expect(a.cue.hired(a.m)).toBe(true);
    const b = read("je viens d'être embauché comme secrétaire", 'secretaire-medical');
    expect(b.cue.hired(b.m)).toBe(false);
  });

  it('a staff word says who employs that person', () => {
    const a = read('mon préparateur peut-il utiliser ADRI ?', 'secretaire-medical');
    expect(a.cue.employerOfStaff(a.m)).toBe('pharmacien');
    const b = read('ma secrétaire peut-elle utiliser ADRI ?', 'secretaire-medical');
    expect(b.cue.employerOfStaff(b.m)).toBeUndefined();
  });
});
