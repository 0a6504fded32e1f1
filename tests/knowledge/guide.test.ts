/**
 * The knowledge base against the guide: the 27 entries of the index, and every ✓ / ✗ that
 * survived the extraction (the five remplaçant pages with icons and both CPE pages),
 * transcribed here from ../shared/seed independently of the YAML files.
 */
import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/nlu/entities';
import { toTokens } from '../../src/nlu/normalize';
import { real } from '../helpers';

const { kb, recognizer } = real();

/** The guide's index, as printed, and the profile each entry must lead to. */
const INDEX: Array<[string, string]> = [
  ['audio prothésiste', 'audioprothesiste'],
  ['ambulancier', 'ambulancier'],
  ['chirurgien- dentiste', 'chirurgien-dentiste'],
  ['chirurgien- dentiste remplaçant', 'chirurgien-dentiste-remplacant'],
  ["fournisseur d'appareillage", 'fournisseur-appareillage'],
  ['infirmier', 'infirmier'],
  ['infirmier remplaçant', 'infirmier-remplacant'],
  ['laboratoire médecin pharmacien directeur', 'laboratoire'],
  ['masseur- kinésithérapeute', 'masseur-kinesitherapeute'],
  ['masseur- kinésithérapeute remplaçant', 'masseur-kinesitherapeute-remplacant'],
  ['médecin', 'medecin'],
  ['médecin remplaçant', 'medecin-remplacant'],
  ['médecin en formation', 'medecin-formation'],
  ['médecin salarié hors CDS', 'medecin-salarie'],
  ['pédicure- podologue', 'pedicure-podologue'],
  ['pédicure- podologue remplaçant', 'pedicure-podologue-remplacant'],
  ['pharmacien', 'pharmacien'],
  ['pharmacien remplaçant', 'pharmacien-remplacant'],
  ['opticien lunetier', 'opticien-lunetier'],
  ['orthophoniste', 'orthophoniste'],
  ['orthophoniste remplaçant', 'orthophoniste-remplacant'],
  ['orthoptiste', 'orthoptiste'],
  ['sage- femme', 'sage-femme'],
  ['sage-femme remplaçante', 'sage-femme-remplacante'],
  ['taxi', 'taxi'],
  ['secrétaire médical', 'secretaire-medical'],
  ['assistant médical', 'assistant-medical'],
];

describe('the index of users', () => {
  it('has 27 entries, each a profile of the knowledge base', () => {
    expect(INDEX).toHaveLength(27);
    expect(kb.profiles.size).toBe(27);
    expect(new Set(INDEX.map(([, id]) => id)).size).toBe(27);
    for (const [, id] of INDEX) expect(kb.profiles.has(id), id).toBe(true);
  });

  it.each(INDEX)('« %s » leads to the profile %s', (label, id) => {
    const entities = recognizer.entities.find(toTokens(label, recognizer.lexicon));
    // an entry that names a bare profession is its titulaire page
    const resolution = resolveProfile(kb, entities, { status: 'titulaire' });
    expect(resolution).toMatchObject({ kind: 'profile', profileId: id });
  });

  it('keeps the index wording of each entry', () => {
    const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]/gi, '').toLowerCase();
    for (const [label, id] of INDEX) expect(fold(kb.profiles.get(id)!.indexLabel)).toBe(fold(label));
  });
});

type Icon = '✓' | '✗';
/** Each page with explicit icons: use → [icon, note]. */
const EXPLICIT: Record<string, Record<string, [Icon, string?]>> = {
  'chirurgien-dentiste-remplacant': {
    'fse-sign': ['✓'], 'fse-batch': ['✓'], 'fse-transmit': ['✓'], amelipro: ['✗'], 'si-vac': ['✓'], 'si-dep': ['✓'], mss: ['✓'],
    'dmp-feed': ['✗', 'prévu en 2023'], 'dmp-read': ['✗', 'prévu en 2023'], insi: ['✓'], scor: ['✓'], adri: ['✓'],
  },
  'infirmier-remplacant': {
    'fse-sign': ['✓'], 'fse-batch': ['✓'], 'fse-transmit': ['✓'], amelipro: ['✗'], 'si-vac': ['✓'], 'si-dep': ['✓'], mss: ['✓'],
    'dmp-feed': ['✗', 'prévu en 2023'], 'dmp-read': ['✗', 'prévu en 2023'], insi: ['✓'], scor: ['✓'], adri: ['✓'],
  },
  'medecin-remplacant': {
    'fse-sign': ['✓'], 'fse-batch': ['✓'], 'fse-transmit': ['✓'], amelipro: ['✓', 'par délégation du remplacé'], 'si-vac': ['✓'], 'si-dep': ['✓'],
    mss: ['✓'], 'dmp-feed': ['✗', 'prévu en 2023'], 'dmp-read': ['✗', 'prévu en 2023'], insi: ['✓'], adri: ['✓'],
  },
  'orthophoniste-remplacant': {
    'fse-sign': ['✓'], 'fse-batch': ['✓'], 'fse-transmit': ['✓'], 'si-vac': ['✓'], 'si-dep': ['✓'], mss: ['✓'],
    'dmp-feed': ['✗', 'prévu en 2023'], 'dmp-read': ['✗', 'prévu en 2023'], insi: ['✓'], scor: ['✓'], adri: ['✓'],
  },
  'pedicure-podologue-remplacant': {
    'fse-sign': ['✓'], 'fse-batch': ['✓'], 'fse-transmit': ['✓'], amelipro: ['✗'], 'si-vac': ['✓'], 'si-dep': ['✓'], mss: ['✓'],
    'dmp-feed': ['✗', 'prévu en 2023'], 'dmp-read': ['✗', 'prévu en 2023'], insi: ['✓'], scor: ['✓'], adri: ['✓'],
  },
  // « Signer les FSE / mettre en lot / signer les lots » ✗ is both fse-sign and fse-batch
  'secretaire-medical': {
    'fse-prepare': ['✓'], 'fse-sign': ['✗'], 'fse-batch': ['✗'], 'fse-transmit': ['✗'], amelipro: ['✗'], 'si-vac': ['✗'], 'si-dep': ['✗'],
    mss: ['✗'], 'dmp-feed': ['✓'], 'dmp-read': ['✗'], insi: ['✗'], adri: ['✓'],
  },
  'assistant-medical': {
    'fse-prepare': ['✓'], 'fse-sign': ['✗'], 'fse-batch': ['✗'], 'fse-transmit': ['✗'], amelipro: ['✓', "par délégation de l'assisté"],
    'si-vac': ['✓'], 'si-dep': ['✓'], mss: ['✗'], 'dmp-feed': ['✓'], 'dmp-read': ['✗'], insi: ['✓'], adri: ['✓'],
  },
};

const ROWS = Object.entries(EXPLICIT).flatMap(([profile, uses]) =>
  Object.entries(uses).map(([use, [icon, note]]) => ({ profile, use, icon, note })),
);

describe('the explicit ✓ / ✗ of the guide', () => {
  it('covers the seven pages whose icons survived', () => {
    expect(Object.keys(EXPLICIT)).toHaveLength(7);
    expect(ROWS.length).toBeGreaterThanOrEqual(80);
  });

  it.each(Object.keys(EXPLICIT))('%s lists exactly the uses of its page', (profileId) => {
    const listed = kb.profiles.get(profileId)!.uses.map((u) => u.use).sort();
    expect(listed).toEqual(Object.keys(EXPLICIT[profileId]).sort());
  });

  it.each(ROWS)('$profile / $use is $icon', ({ profile, use, icon, note }) => {
    const entry = kb.useOf(kb.profiles.get(profile)!, use);
    expect(entry).toBeDefined();
    expect(entry!.basis).toBe('icon');
    expect(entry!.icon).toBe(icon);
    if (icon === '✗') expect(entry!.status).toBe('none');
    else expect(entry!.status).toBe(note && !note.startsWith('prévu') ? 'conditional' : 'access');
    expect(entry!.note).toBe(note);
  });
});

describe('what the note on reading the guide says is certain', () => {
  it('never marks a use as explicit on a page whose icons were lost', () => {
    for (const p of kb.profiles.values()) {
      if (EXPLICIT[p.id]) continue;
      for (const u of p.uses) expect(u.basis, `${p.id}/${u.use}`).not.toBe('icon');
    }
  });

  it('reads « prévu en … » as no access yet', () => {
    for (const p of kb.profiles.values()) for (const u of p.uses) if (u.note?.startsWith('prévu')) expect(u.status, `${p.id}/${u.use}`).toBe('none');
  });

  it('marks as inferred the uses the note names as unsettled', () => {
    expect(kb.useOf(kb.profiles.get('sage-femme-remplacante')!, 'amelipro')!.basis).toBe('inferred');
    for (const id of ['ambulancier', 'taxi']) {
      expect(kb.useOf(kb.profiles.get(id)!, 'dmp-feed')!.basis).toBe('inferred');
      expect(kb.useOf(kb.profiles.get(id)!, 'dmp-read')!.basis).toBe('inferred');
    }
  });

  it('gives titulaire CPS pages access to their listed uses unless a note says otherwise', () => {
    for (const id of ['medecin', 'infirmier', 'chirurgien-dentiste', 'masseur-kinesitherapeute', 'pharmacien', 'sage-femme', 'pedicure-podologue']) {
      for (const u of kb.profiles.get(id)!.uses) {
        if (!u.note) expect({ id, use: u.use, status: u.status, basis: u.basis }).toEqual({ id, use: u.use, status: 'access', basis: 'rule' });
      }
    }
  });

  it('does not list on a page a use its page does not list', () => {
    // kiné titulaire: no Amelipro on the guide's page; médecin salarié: no FSE uses
    expect(kb.useOf(kb.profiles.get('masseur-kinesitherapeute')!, 'amelipro')).toBeUndefined();
    expect(kb.useOf(kb.profiles.get('medecin-salarie')!, 'fse-sign')).toBeUndefined();
    expect(kb.profiles.get('medecin-salarie')!.uses).toHaveLength(6);
  });

  it('gives every card, delivery and validity of the guide', () => {
    const cards: Record<string, string> = {
      medecin: 'cps', 'medecin-remplacant': 'cps-remplacant', 'medecin-formation': 'cpf', 'secretaire-medical': 'cpe-anonyme',
      'assistant-medical': 'cpe-nominative', ambulancier: 'cde-cpe', taxi: 'cde-cpe', orthophoniste: 'cps', 'orthophoniste-remplacant': 'cps-remplacant',
    };
    for (const [id, card] of Object.entries(cards)) expect(kb.profiles.get(id)!.card, id).toBe(card);
    for (const p of kb.profiles.values()) {
      expect(p.delivery[0].validity, p.id).toBe('3 ans');
      expect(p.delivery.every((d) => d.deliveredBy === 'ans'), p.id).toBe(true);
      expect(p.sav.text, p.id).toContain('0.825.852.000');
    }
    for (const id of ['orthophoniste', 'orthoptiste', 'audioprothesiste', 'opticien-lunetier', 'fournisseur-appareillage']) {
      expect(kb.profiles.get(id)!.register, id).toBe('ADELI');
      expect(kb.profiles.get(id)!.notes.some((n) => n.kind === 'adeli-rpps'), id).toBe(true);
    }
  });
});

describe('contacts and updates', () => {
  it('has the ANS line and the CPAM de Vendée team as the guide lists them', () => {
    expect(kb.contacts.get('ans')!.phone!.replace(/\D/g, '')).toBe('0825852000');
    const team = kb.contacts.get('cpam-vendee-dns')!;
    expect(team.email).toBe('dns85.cpam-vendee@assurance-maladie.fr');
    expect(team.members.map((m) => m.name)).toEqual(['Lydia GUILLET', 'Didier RENOUX', 'Anne-Sophie SUARD']);
    expect(team.members.map((m) => m.phone)).toEqual(['06 77 85 17 19', '06 77 85 17 13', '06 71 93 09 81']);
  });

  it('keeps each update dated and sourced, apart from the guide', () => {
    expect(kb.updates.length).toBeGreaterThanOrEqual(8);
    for (const u of kb.updates) {
      expect(u.date).toMatch(/^20\d\d-\d\d/);
      expect(u.source.length).toBeGreaterThan(3);
    }
    expect(kb.updatesFor({ uses: ['si-dep'] }).map((u) => u.id)).toContain('si-dep-closed');
    expect(kb.updatesFor({ uses: ['si-vac'] }).map((u) => u.id)).toContain('si-vac-closed');
    expect(kb.updatesFor({ topics: ['card-validity'] }).map((u) => u.id)).toContain('cps4');
  });
});
