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

  it('reads « CPE nominative ou anonyme » as two cards', () => {
    expect(understanding.read('CPE nominative ou anonyme pour notre secrétaire ?').cards).toEqual(expect.arrayContaining(['cpe-nominative', 'cpe-anonyme']));
  });
});
