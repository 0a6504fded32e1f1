/**
 * Intents and slots on phrases that are not in the training data (each one is checked
 * against intents.yaml below), typed the way professionals type.
 */
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/nlu/normalize';
import { resolveProfile } from '../../src/nlu/entities';
import { real } from '../helpers';

const { kb, recognizer } = real();

interface Case {
  text: string;
  intent: string;
  profile?: string;
  profession?: string;
  status?: string;
  uses?: string[];
  abbreviation?: string;
}

const CASES: Case[] = [
  { text: 'bonjour je suis kiné remplaçante est ce que je peux consulter le dmp', intent: 'use.access', profile: 'masseur-kinesitherapeute-remplacant', uses: ['dmp-read'] },
  { text: 'infirmiere liberale, ai je acces a amelipro svp', intent: 'use.access', profile: 'infirmier', uses: ['amelipro'] },
  { text: 'est-ce qu une secretaire medicale peut teletransmettre les feuilles de soin', intent: 'use.access', profile: 'secretaire-medical', uses: ['fse-transmit'] },
  { text: 'je suis interne, j ai le droit a la messagerie securisee ?', intent: 'use.access', profile: 'medecin-formation', uses: ['mss'] },
  { text: 'on est une boite de taxi, on peut utiliser pec plus ?', intent: 'use.access', profile: 'taxi', uses: ['pec-plus'] },
  { text: 'pharmacienne remplacante je peux faire la recherche INSi ?', intent: 'use.access', profile: 'pharmacien-remplacant', uses: ['insi'] },
  { text: 'Sage-femme installée : quelle carte dois je avoir', intent: 'card.which', profile: 'sage-femme' },
  { text: "c'est quelle carte pour une orthoptiste ?", intent: 'card.which', profile: 'orthoptiste' },
  { text: 'j ai perdu ma carte cps hier au cabinet', intent: 'card.lost' },
  { text: 'on m a piqué ma cpe dans la voiture', intent: 'card.lost' },
  { text: 'mon lecteur refuse ma carte, code bloqué', intent: 'card.broken' },
  { text: 'que signifie SEFI', intent: 'glossary.define', abbreviation: 'sefi' },
  { text: 'ça veut dire quoi INSi', intent: 'glossary.define', abbreviation: 'insi' },
  { text: 'je voudrais le téléphone d un délégué numérique', intent: 'contact.cpam' },
  { text: 'elle dure combien de temps la cps', intent: 'card.validity' },
  { text: 'la e-cps ça marche comment', intent: 'ecps.info' },
  { text: 'cpe anonyme vs cpe nominative ?', intent: 'card.compare' },
  { text: 'je suis audioprothésiste, le passage au RPPS change quoi ?', intent: 'adeli.rpps', profile: 'audioprothesiste' },
  { text: 'comment je commande des cartes pour mes ambulanciers', intent: 'card.obtain', profession: 'ambulancier' },
  { text: 'je suis plus remplaçant maintenant', intent: 'profile.set', status: 'titulaire' },
  { text: 'moi c est orthophoniste', intent: 'profile.set', profession: 'orthophoniste' },
  { text: "je suis infirmier salarié d'un centre de santé", intent: 'profile.set', profession: 'infirmier', status: 'salarie' },
  // the guide's CPF page names the « étudiant remplaçant »: replacing does not make a student a médecin remplaçant
  { text: 'je suis étudiante en médecine et je fais des remplacements, quelle carte ?', intent: 'card.which', profile: 'medecin-formation' },
  { text: 'How do I renew my card?', intent: 'none' },
  { text: 'ma patiente a oublié sa carte vitale', intent: 'none' },
  { text: 'combien coûte une consultation chez le généraliste', intent: 'none' },
  { text: 'xkcd qwerty lorem', intent: 'none' },
];

describe('understanding phrases the classifier was not trained on', () => {
  const training = new Set(kb.intents.intents.flatMap((i) => i.phrases.map(normalizeText)));

  it('uses test phrases that are not training phrases', () => {
    for (const c of CASES) expect(training.has(normalizeText(c.text)), c.text).toBe(false);
  });

  it.each(CASES)('« $text » → $intent', (c) => {
    const r = recognizer.recognize(c.text);
    expect(r.intent).toBe(c.intent);
    const resolution = resolveProfile(kb, r.entities);
    if (c.profile) expect(resolution).toMatchObject({ kind: 'profile', profileId: c.profile });
    if (c.profession) expect(r.entities.professions).toContain(c.profession);
    if (c.status) expect(r.entities.statuses[0]).toBe(c.status);
    if (c.uses) expect(r.entities.uses).toEqual(c.uses);
    if (c.abbreviation) expect(r.entities.abbreviations).toContain(c.abbreviation);
  });
});

describe('normalisation', () => {
  it('folds accents, case, apostrophes and punctuation', () => {
    expect(normalizeText("J'ai PERDU ma CPS, là‑bas !")).toBe('j ai perdu ma cps la bas');
    expect(normalizeText('PEC+')).toBe('pec plus');
    expect(normalizeText('<b>kiné</b>')).toBe('kine');
  });
});
