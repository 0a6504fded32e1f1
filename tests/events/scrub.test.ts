/**
 * The scrubbing of review texts (src/events/scrub.ts): what could identify a person is
 * replaced before anything is written. Written examples, then generated ones (fast-check):
 * no e-mail address, phone number, NIR, RPPS/ADELI or card number survives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_REVIEW_LENGTH, scrub } from '../../src/events/scrub';

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
/** six digits or more, with or without separators: what no kept text may hold */
const LONG_NUMBER = /\d(?:[\s.\-/]?\d){5,}/;

describe('scrubbing a text kept for review', () => {
  it.each([
    ['mon adresse est jean.dupont+cps@gmail.com, merci', 'mon adresse est [courriel], merci'],
    ['écrire à j.dupont @ wanadoo . fr', 'écrire à [courriel]'],
    ['appelez-moi au 06 12 34 56 78 ou au 02.51.44.55.66', 'appelez-moi au [téléphone] ou au [téléphone]'],
    ['+33 6 12 34 56 78, sinon 0033612345678', '[téléphone], sinon [téléphone]'],
    ["l'ANS au 0 825 852 000", "l'ANS au [téléphone]"],
    ['mon NIR : 1 85 05 78 006 084 36', 'mon NIR : [NIR]'],
    ['sécu 185057800608436 et 2 85 05 2A 006 084', 'sécu [NIR] et [NIR]'],
    ['RPPS 10001234567, ADELI 851234567', 'RPPS [numéro], ADELI [numéro]'],
    ['carte CPS n°2500123456 et carte bancaire 4970 1012 3456 7890', 'carte CPS n°[numéro] et carte bancaire [numéro]'],
    ['né le 12/03/1985', 'né le [date]'],
    ["je m'appelle Jean-Pierre Martin et je suis kiné", "je m'appelle [nom] et je suis kiné"],
    ['je m appelle sophie, infirmière', 'je m appelle [nom], infirmière'],
    ['mon nom est Anne-Sophie SUARD', 'mon nom est [nom]'],
    ["le Dr Dupont m'a dit que la CPS suffit", "le Dr [nom] m'a dit que la CPS suffit"],
    ['dr martin, quelle carte ?', 'dr [nom], quelle carte ?'],
    ['la secrétaire de Mme Le Gall et de M. de la Tour', 'la secrétaire de Mme [nom] et de M. [nom]'],
    ['Docteur Martin, Madame Durand et Monsieur Petit', 'Docteur [nom], Madame [nom] et Monsieur [nom]'],
  ])('« %s »', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('leaves the question itself, and the words after a title that are not a name', () => {
    for (const text of ['puis-je consulter le DMP en 2023 ?', 'quelle carte pour le docteur ?', 'je suis docteur junior, quelle carte ?', 'madame, quelle carte pour ma secrétaire ?', 'CPS, CPE ou e-CPS pour 3 salariés ?']) {
      expect(scrub(text)).toBe(text);
    }
  });

  it('keeps one line of bounded length, without markup', () => {
    const out = scrub(`<b>gras</b>\n\nligne\t${'x'.repeat(2000)}`);
    expect(out).not.toMatch(/[<>\n\t]/);
    expect(out.length).toBeLessThanOrEqual(MAX_REVIEW_LENGTH);
    expect(out.startsWith('gras ligne')).toBe(true);
  });

  const local = fc.stringMatching(/^[a-z][a-z0-9._+-]{0,15}$/);
  const domain = fc.stringMatching(/^[a-z][a-z0-9-]{1,12}\.(fr|com|org|net)$/);
  const sep = fc.constantFrom('', ' ', '.', '-');
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
  const phone = fc
    .tuple(fc.constantFrom('0', '+33 ', '0033'), fc.integer({ min: 1, max: 9 }), digits(8), sep)
    .map(([prefix, first, rest, s]) => `${prefix}${first}${s}${rest.match(/../g)!.join(s)}`);
  const nir = fc
    .tuple(fc.constantFrom('1', '2'), digits(2), digits(2), fc.constantFrom('85', '2A', '2B', '44'), digits(3), digits(3), digits(2), sep)
    .map(([a, b, c, d, e, f, g, s]) => [a, b, c, d, e, f, g].join(s));
  const number = fc.integer({ min: 6, max: 16 }).chain((n) => digits(n));
  const words = fc.array(fc.constantFrom('bonjour', 'ma', 'carte', 'CPS', 'ne', 'marche', 'pas', 'voici', 'mon', 'numéro', ':', ',', 'merci'), { maxLength: 6 }).map((w) => w.join(' '));

  it('never keeps an e-mail address, a phone number, a NIR or a number of six digits or more', () => {
    fc.assert(
      fc.property(words, fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`), phone, nir, number, words, (before, email, tel, secu, n, after) => {
        const out = scrub(`${before} ${email} ${after} ${tel} ${before} ${secu} ${after} ${n}`);
        expect(out).not.toMatch(EMAIL);
        expect(out).not.toMatch(LONG_NUMBER);
        expect(out).not.toContain(email);
      }),
      { numRuns: 300 },
    );
  });

  it('never keeps the name after « je m’appelle », « Dr », « Mme » or « M. »', () => {
    const name = fc.stringMatching(/^[A-Z][a-z]{2,10}(-[A-Z][a-z]{2,8})?$/).filter((n) => !/^(Le|La|De|Du|Des)$/.test(n));
    fc.assert(
      fc.property(fc.constantFrom("je m'appelle", 'Dr', 'Mme', 'M.', 'mon nom est', 'Docteur', 'Madame'), name, words, (trigger, who, after) => {
        const out = scrub(`bonjour ${trigger} ${who} ${after}`);
        expect(out).not.toContain(who);
        expect(out).toContain('[nom]');
      }),
      { numRuns: 300 },
    );
  });
});
