/**
 * The answers: verdict first with the guide's note, « à confirmer » where inferred, an
 * update that changes the answer said before it, short at first sight with the details
 * one click away, and every answer of every page well formed (the render-everything test).
 */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answers/answer';
import { frenchDate } from '../../src/answers/compose';
import { MAX_VERDICT_VISIBLE, answerDefects, checkEveryAnswer, everyAnswer } from '../../src/answers/everything';
import { firstSight, renderCard, renderText, visibleLength } from '../../src/answers/render';
import { elide } from '../../src/knowledge/knowledgeBase';
import { real } from '../helpers';

const { kb, answers } = real();
const profile = (id: string) => kb.profiles.get(id)!;
const seen = (a: Answer) => firstSight(a).join('\n\n');
const all = (a: Answer) => renderText(a, answers.labels, { details: true, choices: true });

describe('yes/no answers', () => {
  it('begin with « Non » and give the card and the note (infirmier remplaçant, SCOR)', () => {
    const a = answers.useAnswer(profile('masseur-kinesitherapeute'), ['amelipro']);
    expect(seen(a)).toMatch(/^Non : /);
    expect(seen(a)).toContain('ne figure pas');
  });

  it('begin with « Oui, sous conditions » with the note (médecin remplaçant, Amelipro)', () => {
    const a = answers.useAnswer(profile('medecin-remplacant'), ['amelipro']);
    expect(seen(a)).toMatch(/^Oui, sous conditions : /);
    expect(seen(a)).toContain('par délégation du remplacé');
  });

  it('begin with « Oui » for a titulaire (rule of the guide), without « à confirmer »', () => {
    const a = answers.useAnswer(profile('medecin'), ['dmp-read']);
    expect(seen(a)).toMatch(/^Oui : /);
    expect(all(a)).not.toContain('confirmer');
  });

  it('say an inferred status is to be confirmed, and with whom; the reason is in the details', () => {
    const a = answers.useAnswer(profile('taxi'), ['sefi']);
    expect(seen(a)).toMatch(/^Oui \(à confirmer\) : /);
    expect(seen(a)).toContain('dns85.cpam-vendee@assurance-maladie.fr');
    expect(a.details.some((d) => d.lines.some((l) => l.includes(profile('taxi').uses.find((u) => u.use === 'sefi')!.inferredWhy!)))).toBe(true);
  });

  it('say whom to confirm with once when the page is itself a guess: the guess says it, the icon lines go to the details', () => {
    const uses = ['mss', 'dmp-read'];
    expect(uses.every((u) => kb.useOf(profile('medecin-formation'), u)?.basis === 'inferred')).toBe(true);
    const plain = answers.useAnswer(profile('medecin-formation'), uses);
    expect(plain.lines.join(' ')).toContain("l'icône du guide n'a pas pu être lue");
    for (const options of [{ uncovered: { id: 'interne-pharmacie', label: 'les internes et étudiants en pharmacie' } }, { statusIgnored: 'salarie' }]) {
      const guessed = answers.useAnswer(profile('medecin-formation'), uses, options);
      expect(guessed.lines.join(' ')).not.toContain("l'icône du guide n'a pas pu être lue");
      expect(seen(guessed).match(/dns85\.cpam-vendee@assurance-maladie\.fr/g)).toHaveLength(1);
      expect(guessed.details.some((d) => d.title?.startsWith('Pourquoi c'))).toBe(true);
      const single = answers.useAnswer(profile('medecin-formation'), ['mss'], options);
      expect(single.lines.join(' ')).not.toContain("l'icône du guide n'a pas pu être lue");
    }
  });

  it('answer two uses at once', () => {
    const a = answers.useAnswer(profile('assistant-medical'), ['dmp-feed', 'dmp-read']);
    expect(a.headline).toMatch(/^Oui pour « Alimenter le DMP »[^\n]*\nNon pour « Consulter le DMP »/);
  });

  it('agree with a user who writes in the feminine, and speak of someone else\'s card in the third person', () => {
    expect(answers.useAnswer(profile('infirmier-remplacant'), ['scor'], { feminine: true }).headline).toContain("en tant qu'infirmière remplaçante");
    const other = answers.useAnswer(profile('secretaire-medical'), ['fse-prepare'], { about: 'other' }).headline;
    expect(other).toContain('la personne peut');
    expect(other).not.toContain('vous');
  });
});

describe('updates that change the answer', () => {
  it('say a closed service is closed before the guide\'s « Oui », with the dates', () => {
    const a = answers.useAnswer(profile('infirmier'), ['si-dep']);
    expect(seen(a)).toMatch(/^Mise à jour \(1er juin 2024\) : SI-DEP est fermé/);
    expect(seen(a)).toContain('30 juin 2023');
    expect(a.headline).toMatch(/^Selon le guide \(2023\), oui/);
    expect(a.trace.uses).toEqual([{ use: 'si-dep', verdict: 'closed', inferred: false }]);
    expect(all(a)).not.toContain('LABOé-SI');
  });

  it('say the DMP for remplaçants is unconfirmed before the guide\'s « Non »', () => {
    const a = answers.useAnswer(profile('infirmier-remplacant'), ['dmp-feed']);
    expect(a.decisive[0]).toContain('À confirmer');
    expect(a.headline).toMatch(/^Selon le guide \(2023\), non : /);
    expect(a.headline).toContain('« prévu en 2023 »');
  });

  it('attach only the updates that concern the question', () => {
    expect(all(answers.useAnswer(profile('infirmier'), ['fse-sign']))).not.toContain('Mise à jour');
    expect(all(answers.topicAnswer('card-broken', 'card.broken'))).not.toContain('perdue ou volée');
  });

  it('mark closed services in the card\'s list of uses', () => {
    const a = answers.cardAnswer(profile('infirmier'), {}, 'uses');
    const uses = a.details.flatMap((d) => d.uses ?? []);
    expect(uses.find((u) => u.text.startsWith('SI DEP'))?.status).toBe('closed');
    expect(uses.find((u) => u.text.startsWith('SI VAC'))?.status).toBe('closed');
  });

  it('put the end of ADELI first in its definition', () => {
    const a = answers.glossaryAnswer(['adeli']);
    expect(seen(a)).toMatch(/^Mise à jour \(juin 2024\) : Le répertoire ADELI n'est plus utilisé/);
  });
});

describe('card answers', () => {
  it('say the card first, and keep delivery, uses and support one click away', () => {
    const a = answers.cardAnswer(profile('assistant-medical'));
    expect(a.headline).toBe('En tant qu\'assistant(e) médical(e), votre carte est la CPE nominative (Carte de Personnel d\'Etablissement (nominative)).');
    const details = all(a);
    for (const part of ['Commande par le médecin assisté', 'Agence Numérique en Santé', '3 ans', '0.825.852.000', 'Source : Guide']) expect(details).toContain(part);
    expect(seen(a)).not.toContain('Commande par le médecin assisté');
  });

  it('name whom the CPE anonyme and the CPF are for', () => {
    expect(seen(answers.cardAnswer(profile('secretaire-medical')))).toContain('employés de pharmacie, aide-soignant(e)s, agents administratifs');
    expect(seen(answers.cardAnswer(profile('medecin-formation')))).toContain('internes, docteurs juniors');
  });

  it('renew for the known profile, without ADELI for an RPPS profession', () => {
    const a = answers.renewAnswer(profile('infirmier'));
    expect(a.headline).toContain('CPS est valable 3 ans');
    expect(a.decisive[0]).toContain('CPS4');
    expect(all(a)).not.toContain('ADELI');
  });
});

describe('every answer of every page, status, use, topic and term', () => {
  it('has no template residue, empty value, doubled punctuation or repeated paragraph; cards 1.5; yes/no at most 600 visible characters', () => {
    const defects: string[] = [];
    let n = 0;
    for (const { where, answer } of everyAnswer(kb, answers)) {
      const a = answer();
      n++;
      for (const d of answerDefects(a, answers)) defects.push(`${where}: ${d}`);
      const card = renderCard(a, answers.labels);
      expect(card.version).toBe('1.5');
    }
    expect(n).toBeGreaterThan(2000);
    expect(defects).toEqual([]);
    expect(checkEveryAnswer(kb)).toEqual([]);
  });

  it('finds the defects it looks for (the check can fail)', () => {
    const base = answers.useAnswer(profile('medecin'), ['dmp-read']);
    expect(answerDefects({ ...base, headline: 'Oui : {profile} peut.' }, answers)).toContain('accolade non remplie');
    expect(answerDefects({ ...base, lines: ['répertoire none'] }, answers)).toContain('valeur vide (undefined, none …)');
    expect(answerDefects({ ...base, lines: ['Oui,, sans doute'] }, answers)).toContain('ponctuation doublée');
    const p = 'Un paragraphe assez long pour compter deux fois.';
    expect(answerDefects({ ...base, lines: [p, p] }, answers).some((d) => d.startsWith('paragraphe répété'))).toBe(true);
    expect(answerDefects({ ...base, lines: ['x'.repeat(MAX_VERDICT_VISIBLE)] }, answers).some((d) => d.includes('caractères visibles'))).toBe(true);
    expect(visibleLength(base)).toBeLessThanOrEqual(MAX_VERDICT_VISIBLE);
  });
});

describe('contacts', () => {
  it('list every member of the délégués numérique en santé with their phone and e-mail, from contacts.yaml', () => {
    const text = all(answers.contactsAnswer());
    const team = kb.contacts.get('cpam-vendee-dns')!;
    expect(team.members.length).toBeGreaterThan(0);
    for (const m of team.members) {
      expect(text).toContain(m.name);
      if (m.phone) expect(text).toContain(m.phone);
      if (m.email) expect(text).toContain(m.email);
    }
  });
});

describe('wording', () => {
  it('elides French articles after filling a template', () => {
    expect(elide('ne permet pas de utiliser')).toBe("ne permet pas d'utiliser");
    expect(elide('en tant que infirmier')).toBe("en tant qu'infirmier");
    expect(elide('de haut')).toBe('de haut');
    expect(elide('Puis-je utiliser ADRI ?')).toBe('Puis-je utiliser ADRI ?');
    expect(answers.glossaryAnswer(['adri']).choices[0].title).toBe('Puis-je utiliser ADRI ?');
  });

  it('writes dates in French', () => {
    expect(frenchDate('2024-06-01')).toBe('1er juin 2024');
    expect(frenchDate('2024-06-28')).toBe('28 juin 2024');
    expect(frenchDate('2025-07')).toBe('juillet 2025');
  });
});
