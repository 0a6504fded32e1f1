/**
 * The reading of one message (src/nlu/reading.ts), read directly where a conversation test
 * cannot tell the rule apart (the answer would be the same help either way).
 */
import { describe, expect, it } from 'vitest';
import { Understanding } from '../../src/nlu/reading';
import { real } from '../helpers';

const { kb, recognizer } = real();
const understanding = new Understanding(kb, recognizer);

describe('the reading of one message', () => {
  it('takes software trouble for out of scope, unless a use group is named apart from the software', () => {
    expect(understanding.read('le logiciel de facturation se ferme tout seul depuis hier soir').outOfField).toBe(true);
    // (the group « DMP » is named as what the asker cannot reach; the software is only a guess)
    expect(understanding.read("pharmacienne remplacante, j'ai pas encore accès au DMP, c'est normal ou c'est mon logiciel qui bug ?").outOfField).toBe(false);
  });

  it('answers the part before a word of aside and offers the part after', () => {
    const r = understanding.read("ma CPS est bloquée depuis ce matin, et au passage c'est quoi le RPPS ?");
    expect(r.intent).toBe('card.broken');
    expect(r.another).toBe("c'est quoi le RPPS ?");
  });

  it('takes a use group named in a question the classifier cannot place for a question of access (not beside software)', () => {
    expect(understanding.read("je remplace un médecin à Fontenay cet été, j'aurai accès au DMP ?").intent).toBe('use.access');
    expect(understanding.read("mon logiciel de facturation plante quand j'imprime les factures, vous pouvez m'aider ?").intent).not.toBe('use.access');
  });

  it('reads « CPE nominative ou anonyme » as two cards', () => {
    expect(understanding.read('CPE nominative ou anonyme pour notre secrétaire ?').cards).toEqual(expect.arrayContaining(['cpe-nominative', 'cpe-anonyme']));
  });
});
