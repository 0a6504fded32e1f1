/**
 * The answers: verdict first, card and guide's note, « à confirmer » where inferred, the
 * source and the dated updates, Adaptive Cards Teams can render, and every wording key the
 * code uses present in responses.yaml.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_RESPONSES, elide } from '../../src/knowledge/knowledgeBase';
import { frenchDate } from '../../src/answers/compose';
import { real } from '../helpers';

const { kb, answers } = real();
const profile = (id: string) => kb.profiles.get(id)!;

describe('yes/no answers', () => {
  it('begin with « Non » and give the card and the note (infirmier remplaçant, DMP)', () => {
    const r = answers.useAnswer(profile('infirmier-remplacant'), ['dmp-feed']);
    expect(r.text).toMatch(/^Non : /);
    expect(r.text).toContain('CPS remplaçant');
    expect(r.text).toContain('« prévu en 2023 »');
    expect(r.text).toContain('page « Infirmier remplaçant »');
  });

  it('begin with « Oui, sous conditions » with the note (médecin remplaçant, Amelipro)', () => {
    const r = answers.useAnswer(profile('medecin-remplacant'), ['amelipro']);
    expect(r.text).toMatch(/^Oui, sous conditions : /);
    expect(r.text).toContain('par délégation du remplacé');
  });

  it('begin with « Oui » for a titulaire (rule of the guide), without « à confirmer »', () => {
    const r = answers.useAnswer(profile('medecin'), ['dmp-read']);
    expect(r.text).toMatch(/^Oui : /);
    expect(r.text).not.toContain('confirmer');
  });

  it('say « Non » for a use the page does not list', () => {
    const r = answers.useAnswer(profile('masseur-kinesitherapeute'), ['amelipro']);
    expect(r.text).toMatch(/^Non : /);
    expect(r.text).toContain('ne figure pas');
  });

  it('say an inferred status is to be confirmed, and with whom', () => {
    const r = answers.useAnswer(profile('taxi'), ['sefi']);
    expect(r.text).toMatch(/^Oui \(à confirmer\) : /);
    expect(r.text).toContain('dns85.cpam-vendee@assurance-maladie.fr');
  });

  it('answer two uses at once', () => {
    const r = answers.useAnswer(profile('assistant-medical'), ['dmp-feed', 'dmp-read']);
    expect(r.text).toContain('Alimenter le DMP');
    expect(r.text).toContain('Consulter le DMP');
    expect(r.text).toMatch(/^Oui pour « Alimenter le DMP »[^\n]*\nNon pour « Consulter le DMP »/);
  });

  it('show the dated update beside the use it concerns', () => {
    const r = answers.useAnswer(profile('infirmier'), ['si-vac']);
    expect(r.text).toContain('Mise à jour (28 juin 2024)');
    expect(r.text.indexOf('Mise à jour')).toBeLessThan(r.text.indexOf('Source : Guide'));
  });
});

describe('card answers', () => {
  it('name the card, who delivers it and how, its validity, the uses and the support', () => {
    const r = answers.cardAnswer(profile('assistant-medical'));
    for (const part of ['CPE nominative', 'Commande par le médecin assisté', 'Agence Numérique en Santé', '3 ans', 'Accès :', 'Accès avec conditions :', "Pas d'accès :", '0.825.852.000', 'Source : Guide']) {
      expect(r.text).toContain(part);
    }
  });

  it('end with the source and the updates that apply', () => {
    const r = answers.cardAnswer(profile('orthophoniste'));
    const lines = r.text.split('\n\n');
    expect(lines[lines.length - 1]).toMatch(/^Source : Guide des cartes de professionnels de la santé, CPAM de Vendée \(2023\)/);
    expect(r.text).toContain('Fin du répertoire ADELI');
  });

  it('are Adaptive Cards of schema 1.5 at most, with the same choices as buttons', () => {
    for (const p of kb.profiles.values()) {
      const r = answers.cardAnswer(p);
      expect(['1.5', '1.4', '1.3', '1.2']).toContain(r.card!.version);
      const json = JSON.stringify(r.card);
      for (const c of r.choices ?? []) expect(json).toContain(c.value);
    }
  });
});

describe('wording', () => {
  it('has every key the code asks for', () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const full = path.join(dir, f);
        if (statSync(full).isDirectory()) walk(full);
        else if (f.endsWith('.ts')) for (const m of readFileSync(full, 'utf8').matchAll(/\bsay\('([a-zA-Z.]+)'/g)) used.add(m[1]);
      }
    };
    walk(path.resolve('src'));
    expect(used.size).toBeGreaterThan(40);
    for (const key of used) expect(kb.hasResponse(key), key).toBe(true);
    for (const key of REQUIRED_RESPONSES) expect(kb.hasResponse(key), key).toBe(true);
  });

  it('elides French articles after filling a template', () => {
    expect(elide('ne permet pas de utiliser')).toBe("ne permet pas d'utiliser");
    expect(elide('en tant que infirmier')).toBe("en tant qu'infirmier");
    expect(elide('de haut')).toBe('de haut');
  });

  it('writes dates in French', () => {
    expect(frenchDate('2024-06-01')).toBe('1er juin 2024');
    expect(frenchDate('2024-06-28')).toBe('28 juin 2024');
    expect(frenchDate('2025-07')).toBe('juillet 2025');
  });
});
