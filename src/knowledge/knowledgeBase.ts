/**
 * The knowledge base in memory: the validated content of the knowledge files, indexed,
 * with the cross-file checks and the rendering of the answer wording. Knows nothing of
 * the Bot Framework.
 */
import type {
  Card,
  Contact,
  GlossaryEntry,
  IntentsFile,
  Lexicon,
  Profession,
  ProfessionsFile,
  Profile,
  ProfileUse,
  Responses,
  ResponseTree,
  Status,
  Topic,
  Update,
  Use,
  UseGroup,
  UseStatus,
} from './schema';
import type { KnowledgeProblem } from './load';
import { INTENTS, IntentId, TRAINED_INTENTS, isIntent } from '../domain/intents';
import { CARD_IDS, CONTACT_IDS, GLOSSARY_IDS, STATUS_IDS, TOPIC_IDS } from '../domain/ids';

export interface KnowledgeData {
  professions: ProfessionsFile;
  uses: { groups: UseGroup[]; uses: Use[] };
  cards: Card[];
  glossary: GlossaryEntry[];
  contacts: Contact[];
  topics: Topic[];
  updates: Update[];
  intents: IntentsFile;
  responses: Responses;
  lexicon: Lexicon;
  profiles: Profile[];
}

/** Where an update may apply. */
export interface UpdateContext {
  uses?: string[];
  topics?: string[];
  profile?: Profile;
  /** the user's status, when no profile-wide update should be shown */
  status?: string;
  cards?: string[];
  /** glossary terms the answer defines */
  terms?: string[];
  /** verdicts given in the answer, for updates restricted to some verdicts */
  verdicts?: UseStatus[];
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

export class KnowledgeBase {
  readonly profiles: Map<string, Profile>;
  readonly professions: Map<string, Profession>;
  readonly statuses: Map<string, Status>;
  readonly uses: Map<string, Use>;
  readonly useGroups: Map<string, UseGroup>;
  readonly cards: Map<string, Card>;
  readonly glossary: Map<string, GlossaryEntry>;
  readonly contacts: Map<string, Contact>;
  readonly topics: Map<string, Topic>;
  readonly updates: Update[];
  readonly intents: IntentsFile;
  readonly responses: Responses;
  readonly lexicon: Lexicon;
  readonly ambiguities: ProfessionsFile['ambiguities'];
  readonly uncovered: Map<string, ProfessionsFile['uncovered'][number]>;
  /** people the guide gives no card (professions.yaml › noCard) */
  readonly noCard: Map<string, ProfessionsFile['noCard'][number]>;
  readonly staff: ProfessionsFile['staff'];

  constructor(readonly data: KnowledgeData) {
    this.profiles = byId(data.profiles);
    this.professions = byId(data.professions.professions);
    this.statuses = byId(data.professions.statuses);
    this.uses = byId(data.uses.uses);
    this.useGroups = byId(data.uses.groups);
    this.cards = byId(data.cards);
    this.glossary = byId(data.glossary);
    this.contacts = byId(data.contacts);
    this.topics = byId(data.topics);
    this.updates = data.updates;
    this.intents = data.intents;
    this.responses = data.responses;
    this.lexicon = data.lexicon;
    this.ambiguities = data.professions.ambiguities;
    this.uncovered = byId(data.professions.uncovered);
    this.noCard = byId(data.professions.noCard);
    this.staff = data.professions.staff;
  }

  /** The profiles of a profession, in the order of the statuses file. */
  profilesOf(professionId: string): Profile[] {
    const order = [...this.statuses.keys()];
    return this.data.profiles
      .filter((p) => p.profession === professionId)
      .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  }

  profileFor(professionId: string, statusId: string): Profile | undefined {
    return this.data.profiles.find((p) => p.profession === professionId && p.status === statusId);
  }

  /**
   * « infirmière libérale, ma collaboratrice … ? »: the page of a practitioner's collaborator, a colleague of the same profession
   * in her own name (the status word, professions.yaml › sharesEmployersProfession); none where the employer's profession has
   * staff of its own (professions.yaml › staff.employers: a pharmacy's préparatrices) or is staff itself: the word does not say.
   */
  colleaguePage(employerProfession: string, statusId: string): Profile | undefined {
    if (this.isStaff(employerProfession) || this.staff.employers[employerProfession] || this.staff.pageByEmployer[employerProfession]) return undefined;
    return this.profileFor(employerProfession, statusId);
  }

  /** Whether the profession's pages are those of employees (professions.yaml › employees: secrétaires, assistants…). */
  isStaff(professionId: string | undefined): boolean {
    return !!professionId && !!this.professions.get(professionId)?.employees;
  }

  /** The page of a profession at a workplace the guide does not cover (« infirmière en centre de santé »): its salaried page, else its first. */
  nearestAtWorkplace(professionId: string): Profile | undefined {
    return this.profileFor(professionId, 'salarie') ?? this.profilesOf(professionId)[0];
  }

  usesInGroup(groupId: string): Use[] {
    return this.data.uses.uses.filter((u) => u.group === groupId);
  }

  /** The status of a use on a profile's page, or undefined when the page does not list it. */
  useOf(profile: Profile, useId: string): ProfileUse | undefined {
    return profile.uses.find((u) => u.use === useId);
  }

  /** Updates that apply to an answer, oldest first. */
  updatesFor(ctx: UpdateContext): Update[] {
    return this.updates
      .filter((u) => {
        const a = u.appliesTo;
        const p = ctx.profile;
        const hit =
          (ctx.uses ?? []).some((x) => a.uses.includes(x)) ||
          (ctx.topics ?? []).some((x) => a.topics.includes(x)) ||
          (ctx.terms ?? []).some((x) => a.terms.includes(x)) ||
          (ctx.cards ?? []).some((x) => a.cards.includes(x)) ||
          (p !== undefined &&
            (a.profiles.includes(p.id) || a.registers.includes(p.register) || a.cards.includes(p.card)));
        if (!hit) return false;
        const status = ctx.status ?? p?.status;
        if (a.statuses.length > 0 && !(status && a.statuses.includes(status))) return false;
        if (u.onlyWhen && !(ctx.verdicts ?? []).some((v) => u.onlyWhen!.statuses.includes(v))) return false;
        return true;
      })
      .sort((x, y) => x.date.localeCompare(y.date));
  }

  /** The wording at a dotted key of responses.yaml, with {placeholders} filled. */
  say(key: string, vars: Record<string, string | number | undefined> = {}): string {
    const node = this.responseAt(key);
    if (node === undefined || typeof node === 'object' && !Array.isArray(node)) {
      throw new Error(`responses.yaml : clé « ${key} » absente ou qui n’est pas un texte`);
    }
    const template = Array.isArray(node) ? node.join('\n') : node;
    const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = vars[name];
      return v === undefined ? '' : String(v);
    });
    return elide(filled);
  }

  /** A list of strings in responses.yaml (e.g. example questions). */
  list(key: string): string[] {
    const node = this.responseAt(key);
    if (Array.isArray(node)) return node;
    if (typeof node === 'string') return [node];
    throw new Error(`responses.yaml : clé « ${key} » absente ou qui n’est pas une liste`);
  }

  hasResponse(key: string): boolean {
    const node = this.responseAt(key);
    return typeof node === 'string' || Array.isArray(node);
  }

  private responseAt(key: string): ResponseTree | undefined {
    let node: ResponseTree | undefined = this.responses as ResponseTree;
    for (const part of key.split('.')) {
      if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined;
      node = (node as Record<string, ResponseTree>)[part];
    }
    return node;
  }

  /** Checks that every id a file names exists in the file that defines it. */
  checkReferences(): KnowledgeProblem[] {
    const problems: KnowledgeProblem[] = [];
    const need = (ok: boolean, file: string, path: string, message: string) => {
      if (!ok) problems.push({ file, path, message });
    };
    const dup = <T extends { id: string }>(items: T[], file: string, prefix = '') => {
      const seen = new Set<string>();
      items.forEach((it, i) => {
        need(!seen.has(it.id), file, `${prefix}[${i}].id`, `identifiant « ${it.id} » en double`);
        seen.add(it.id);
      });
    };
    const d = this.data;
    dup(d.profiles, 'profiles/');
    dup(d.professions.professions, 'professions.yaml', 'professions');
    dup(d.professions.statuses, 'professions.yaml', 'statuses');
    dup(d.uses.uses, 'uses.yaml', 'uses');
    dup(d.cards, 'cards.yaml');
    dup(d.glossary, 'glossary.yaml');
    dup(d.contacts, 'contacts.yaml');
    dup(d.topics, 'topics.yaml');
    dup(d.updates, 'updates.yaml');
    dup(d.intents.intents, 'intents.yaml', 'intents');

    const pairs = new Set<string>();
    for (const p of d.profiles) {
      const f = `profiles/${p.id}.yaml`;
      need(this.professions.has(p.profession), f, 'profession', `profession « ${p.profession} » inconnue de professions.yaml`);
      need(this.statuses.has(p.status), f, 'status', `statut « ${p.status} » inconnu de professions.yaml`);
      need(this.cards.has(p.card), f, 'card', `carte « ${p.card} » inconnue de cards.yaml`);
      need(this.contacts.has(p.sav.contact), f, 'sav.contact', `contact « ${p.sav.contact} » inconnu de contacts.yaml`);
      p.delivery.forEach((dl, i) =>
        need(this.contacts.has(dl.deliveredBy), f, `delivery[${i}].deliveredBy`, `contact « ${dl.deliveredBy} » inconnu de contacts.yaml`),
      );
      const pair = `${p.profession}/${p.status}`;
      need(!pairs.has(pair), f, 'status', `un autre profil a déjà la profession « ${p.profession} » et le statut « ${p.status} »`);
      pairs.add(pair);
      const seenUses = new Set<string>();
      p.uses.forEach((u, i) => {
        need(this.uses.has(u.use), f, `uses[${i}].use`, `usage « ${u.use} » inconnu de uses.yaml`);
        need(!seenUses.has(u.use), f, `uses[${i}].use`, `usage « ${u.use} » en double`);
        seenUses.add(u.use);
      });
    }
    for (const [name, list] of [['professions', d.professions.professions]] as const) {
      list.forEach((pr, i) =>
        need(this.profilesOf(pr.id).length > 0, 'professions.yaml', `${name}[${i}]`, `aucun profil n’a la profession « ${pr.id} »`),
      );
    }
    d.professions.statuses.forEach((s, i) => {
      if (s.negatedMeans) need(this.statuses.has(s.negatedMeans), 'professions.yaml', `statuses[${i}].negatedMeans`, `statut « ${s.negatedMeans} » inconnu`);
    });
    d.professions.ambiguities.forEach((a, i) =>
      a.profiles.forEach((pid, k) =>
        need(this.profiles.has(pid), 'professions.yaml', `ambiguities[${i}].profiles[${k}]`, `profil « ${pid} » inconnu`),
      ),
    );
    d.uses.uses.forEach((u, i) => {
      if (u.group) need(this.useGroups.has(u.group), 'uses.yaml', `uses[${i}].group`, `groupe « ${u.group} » inconnu`);
    });
    d.topics.forEach((t, i) =>
      t.contacts.forEach((c, k) => need(this.contacts.has(c), 'topics.yaml', `[${i}].contacts[${k}]`, `contact « ${c} » inconnu`)),
    );
    d.updates.forEach((u, i) => {
      const a = u.appliesTo;
      a.uses.forEach((x, k) => need(this.uses.has(x), 'updates.yaml', `[${i}].appliesTo.uses[${k}]`, `usage « ${x} » inconnu`));
      a.topics.forEach((x, k) => need(this.topics.has(x), 'updates.yaml', `[${i}].appliesTo.topics[${k}]`, `sujet « ${x} » inconnu`));
      a.profiles.forEach((x, k) => need(this.profiles.has(x), 'updates.yaml', `[${i}].appliesTo.profiles[${k}]`, `profil « ${x} » inconnu`));
      a.cards.forEach((x, k) => need(this.cards.has(x), 'updates.yaml', `[${i}].appliesTo.cards[${k}]`, `carte « ${x} » inconnue`));
      a.statuses.forEach((x, k) => need(this.statuses.has(x), 'updates.yaml', `[${i}].appliesTo.statuses[${k}]`, `statut « ${x} » inconnu`));
    });
    // phrases taught to two intents confuse the classifier
    const owner = new Map<string, string>();
    d.intents.intents.forEach((it, i) =>
      it.phrases.forEach((ph, k) => {
        const key = ph.toLowerCase().trim();
        const other = owner.get(key);
        need(!other || other === it.id, 'intents.yaml', `intents[${i}].phrases[${k}]`, `phrase « ${ph} » déjà donnée à l’intention « ${other} »`);
        owner.set(key, it.id);
      }),
    );
    // the ids the code relies on (src/domain/ids.ts)
    for (const t of TOPIC_IDS) need(this.topics.has(t), 'topics.yaml', t, `le sujet « ${t} » attendu par le bot est absent`);
    for (const c of CONTACT_IDS) need(this.contacts.has(c), 'contacts.yaml', c, `le contact « ${c} » attendu par le bot est absent`);
    for (const s of STATUS_IDS) need(this.statuses.has(s), 'professions.yaml', `statuses.${s}`, `le statut « ${s} » attendu par le bot est absent`);
    for (const c of CARD_IDS) need(this.cards.has(c), 'cards.yaml', c, `la carte « ${c} » attendue par le bot est absente`);
    d.glossary.forEach((g) => (g.cards ?? []).forEach((c, k) => need(this.cards.has(c), 'glossary.yaml', `${g.id}.cards[${k}]`, `carte « ${c} » inconnue de cards.yaml`)));
    for (const g of GLOSSARY_IDS) need(this.glossary.has(g), 'glossary.yaml', g, `le sigle « ${g} » attendu par le bot est absent`);
    // the intents are the code's (src/domain/intents.ts): none unknown, none missing
    d.intents.intents.forEach((it, i) => {
      need(isIntent(it.id) && INTENTS[it.id as IntentId].trained, 'intents.yaml', `intents[${i}].id`, `intention « ${it.id} » inconnue du bot (src/domain/intents.ts)`);
    });
    for (const id of TRAINED_INTENTS) {
      need(d.intents.intents.some((it) => it.id === id), 'intents.yaml', 'intents', `l’intention « ${id} » attendue par le bot est absente`);
    }
    d.professions.uncovered.forEach((u, i) =>
      need(this.profiles.has(u.nearest), 'professions.yaml', `uncovered[${i}].nearest`, `profil « ${u.nearest} » inconnu`),
    );
    need(this.profiles.has(d.professions.staff.defaultPage), 'professions.yaml', 'staff.defaultPage', `profil « ${d.professions.staff.defaultPage} » inconnu`);
    for (const employer of Object.keys(d.professions.staff.employers)) need(this.professions.has(employer), 'professions.yaml', `staff.employers.${employer}`, `profession « ${employer} » inconnue`);
    for (const [employer, page] of Object.entries(d.professions.staff.pageByEmployer)) {
      need(this.professions.has(employer), 'professions.yaml', `staff.pageByEmployer.${employer}`, `profession « ${employer} » inconnue`);
      need(this.profiles.has(page), 'professions.yaml', `staff.pageByEmployer.${employer}`, `profil « ${page} » inconnu`);
    }
    d.professions.statuses.forEach((s, i) =>
      s.prevailsOver.forEach((x, k) => need(this.statuses.has(x), 'professions.yaml', `statuses[${i}].prevailsOver[${k}]`, `statut « ${x} » inconnu`)),
    );
    d.professions.statuses.forEach((s, i) => {
      s.givesWayTo.forEach((x, k) => need(this.statuses.has(x), 'professions.yaml', `statuses[${i}].givesWayTo[${k}]`, `statut « ${x} » inconnu`));
      s.weakSynonyms.forEach((x, k) => need(s.synonyms.includes(x), 'professions.yaml', `statuses[${i}].weakSynonyms[${k}]`, `« ${x} » n'est pas parmi les synonymes du statut`));
    });
    d.updates.forEach((u, i) =>
      u.appliesTo.terms.forEach((x, k) => need(this.glossary.has(x), 'updates.yaml', `[${i}].appliesTo.terms[${k}]`, `sigle « ${x} » inconnu de glossary.yaml`)),
    );
    return problems;
  }
}

/** French elision after filling a template: « de utiliser » → « d'utiliser », « que infirmier » → « qu'infirmier ». */
export function elide(text: string): string {
  // not after a hyphen: « Puis-je utiliser » stays as it is
  return text.replace(/(?<![-\w])(d|qu|j)e ([aeiouyéèêëàâîïôûhAEIOUYÉÈÊÀÂÎÔÛ])/g, (m, p: string, next: string) =>
    /[hH]/.test(next) ? m : `${p}'${next}`,
  );
}
