/**
 * Composes the assistant's answers from the knowledge base: the plain text and its
 * Adaptive Card. All wording comes from responses.yaml and the knowledge files; nothing
 * the user typed is ever put into an answer.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Profile, ProfileUse, Topic, Update, UseStatus } from '../knowledge/schema';
import { AdaptiveElement, Choice, Reply, adaptiveCard, textBlock } from './reply';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 2024-06-01 » → « 1er juin 2024 », « 2024-06 » → « juin 2024 ». */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const month = MONTHS[m - 1] ?? '';
  if (!d) return `${month} ${y}`;
  return `${d === 1 ? '1er' : d} ${month} ${y}`;
}

/** « Médecin salarié » → « médecin salarié », in the middle of a sentence (acronyms kept). */
export function lowerFirst(value: string): string {
  return /^[A-ZÉÈ][a-zéèêàâîôûç]/.test(value) ? value[0].toLowerCase() + value.slice(1) : value;
}

/** A use's verdict for a profile: the page's status, or « not listed ». */
export interface UseVerdict {
  useId: string;
  verdict: UseStatus | 'unlisted';
  entry?: ProfileUse;
}

export class Answers {
  constructor(private readonly kb: KnowledgeBase) {}

  private say(key: string, vars: Record<string, string | number | undefined> = {}): string {
    return this.kb.say(key, { ...this.commonVars(), ...vars });
  }

  private commonVars(): Record<string, string> {
    const ans = this.kb.contacts.get('ans');
    const team = this.kb.contacts.get('cpam-vendee-dns');
    return {
      ansPhone: ans?.phone ?? '',
      ansName: ans?.name ?? '',
      teamEmail: team?.email ?? '',
      teamName: team?.name ?? '',
    };
  }

  // ── Sources and updates ──────────────────────────────────────────────

  private sourceLine(section?: string): string {
    return section ? this.say('source.guide', { page: section }) : this.say('source.guideGeneral');
  }

  private updateLines(updates: Update[]): string[] {
    return updates.map((u) =>
      this.say('source.update', { date: frenchDate(u.date), title: u.title, text: u.text, source: u.url ? `${u.source} (${u.url})` : u.source }),
    );
  }

  /** Text and card blocks for the sources of an answer. */
  private footer(section: string | undefined, updates: Update[]): { lines: string[]; blocks: AdaptiveElement[] } {
    const source = this.sourceLine(section);
    const updateLines = this.updateLines(updates);
    const blocks: AdaptiveElement[] = [];
    if (updateLines.length > 0) {
      blocks.push(textBlock(this.say('source.updatesTitle'), { weight: 'Bolder', spacing: 'Medium', color: 'Attention' }));
      updateLines.forEach((l) => blocks.push(textBlock(l, { size: 'Small', spacing: 'Small' })));
    }
    blocks.push(textBlock(source, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
    return { lines: [...updateLines, source], blocks };
  }

  private reply(kind: string, title: string | undefined, paragraphs: string[], footer: { lines: string[]; blocks: AdaptiveElement[] } | undefined, choices: Choice[] = []): Reply {
    const text = [...(title ? [title] : []), ...paragraphs, ...(footer?.lines ?? [])].join('\n\n');
    const body: AdaptiveElement[] = [];
    if (title) body.push(textBlock(title, { weight: 'Bolder', size: 'Medium', style: 'heading' }));
    paragraphs.forEach((p) => body.push(textBlock(p)));
    if (footer) body.push(...footer.blocks);
    return { kind, text, card: adaptiveCard(body, choices), choices: choices.length > 0 ? choices : undefined };
  }

  private followUps(profile?: Profile): Choice[] {
    const c: Choice[] = [];
    if (profile) {
      c.push({ title: this.say('buttons.uses'), value: this.say('buttons.usesValue') });
      c.push({ title: this.say('buttons.obtain'), value: this.say('buttons.obtainValue') });
    }
    c.push({ title: this.say('buttons.contacts'), value: this.say('buttons.contactsValue') });
    return c;
  }

  // ── Conversation basics ──────────────────────────────────────────────

  /** The first example questions, offered as buttons. */
  private exampleChoices(): Choice[] {
    return this.kb.list('fallback.examples').slice(0, 3).map((e) => ({ title: e, value: e }));
  }

  welcome(): Reply {
    return this.reply('welcome', undefined, [this.say('welcome')], undefined, this.exampleChoices());
  }

  help(): Reply {
    const examples = this.kb.list('fallback.examples');
    return this.reply('help', undefined, [this.say('help'), examples.map((e) => `• ${e}`).join('\n')], undefined, this.exampleChoices());
  }

  /** « carte » said alone: the likely questions as buttons, rather than a guess. */
  clarifyCard(): Reply {
    const choices = this.kb.list('clarify.card.choices').map((c) => ({ title: c, value: c }));
    return this.reply('clarify.card', undefined, [this.say('clarify.card.text')], undefined, choices);
  }

  simple(kind: string, key: string, choices: Choice[] = []): Reply {
    return this.reply(kind, undefined, [this.say(key)], undefined, choices);
  }

  fallback(): Reply {
    const examples = this.exampleChoices();
    const paragraphs = [this.say('fallback.text'), examples.map((e) => `• ${e.title}`).join('\n'), this.say('fallback.contacts')];
    return this.reply('fallback', undefined, paragraphs, undefined, examples);
  }

  error(): Reply {
    return this.simple('error', 'error');
  }

  // ── Questions about the profile ──────────────────────────────────────

  askProfession(retry = false): Reply {
    const choices = [...this.kb.professions.values()].map((p) => ({ title: p.label, value: p.label }));
    const text = this.say(retry ? 'ask.professionRetry' : 'ask.profession');
    const card = adaptiveCard([textBlock(text, { weight: 'Bolder' })], choices, {
      pickLabel: this.say('ask.pickLabel'),
      submitLabel: this.say('ask.submitLabel'),
    });
    return { kind: 'ask.profession', text: `${text}\n\n${this.say('ask.typeHint')}`, card, choices };
  }

  askStatus(professionId: string, retry = false): Reply {
    const profession = this.kb.professions.get(professionId);
    const choices = this.kb.profilesOf(professionId).map((p) => {
      const s = this.kb.statuses.get(p.status)!;
      const label = s.question ?? s.label;
      return { title: label, value: label };
    });
    const text = this.say(retry ? 'ask.statusRetry' : 'ask.status', { profession: profession?.label ?? '' });
    return { kind: 'ask.status', text, card: adaptiveCard([textBlock(text, { weight: 'Bolder' })], choices), choices };
  }

  askAmbiguity(question: string, profileIds: string[]): Reply {
    const choices = profileIds.map((id) => this.kb.profiles.get(id)!).map((p) => ({ title: p.label, value: p.label }));
    return { kind: 'ask.ambiguity', text: question, card: adaptiveCard([textBlock(question, { weight: 'Bolder' })], choices), choices };
  }

  gaveUp(): Reply {
    return this.fallbackWith('ask.gaveUp');
  }

  private fallbackWith(key: string): Reply {
    const f = this.fallback();
    const lead = this.say(key);
    return { ...f, kind: key, text: `${lead}\n\n${f.text}`, card: f.card && { ...f.card, body: [textBlock(lead), ...f.card.body] } };
  }

  // ── The card of a profile ────────────────────────────────────────────

  private cardName(profile: Profile): string {
    return this.kb.cards.get(profile.card)?.name ?? profile.card;
  }

  private useLabel(useId: string): string {
    return this.kb.uses.get(useId)?.label ?? useId;
  }

  private useLine(u: ProfileUse): string {
    let line = this.useLabel(u.use);
    if (u.note) line += ` (${u.note})`;
    if (u.basis === 'inferred') line += ` ${this.say('card.uses.inferredMark')}`;
    return line;
  }

  /** The card, who delivers it, how, its validity, the uses and the support. */
  cardAnswer(profile: Profile, options: { statusIgnored?: string; lead?: string; focus?: 'card' | 'uses' } = {}): Reply {
    const card = this.kb.cards.get(profile.card)!;
    const title = this.say('card.title', { profile: profile.label, card: card.name });
    const paragraphs: string[] = [];
    if (options.lead) paragraphs.push(options.lead);
    if (options.statusIgnored) paragraphs.push(this.noStatusPage(options.statusIgnored, profile));
    paragraphs.push(this.say('card.intro', { card: card.name, fullName: card.fullName }));
    if (profile.registerText) paragraphs.push(this.say('card.register', { register: profile.registerText }));
    const delivery = this.deliveryParagraphs(profile);
    paragraphs.push(...delivery);

    const groups = this.usesByVerdict(profile);
    const usesText = this.usesParagraph(groups);
    paragraphs.push(usesText);
    if (groups.inferred.length > 0) paragraphs.push(this.say('verdict.inferredCard', {}));
    profile.notes.filter((n) => n.kind === 'footnote' || n.kind === 'identification').forEach((n) => paragraphs.push(n.text));
    paragraphs.push(this.say('card.support', { sav: profile.sav.text }));
    if (profile.ecps) paragraphs.push(this.say('card.ecps', { ecps: profile.ecps }));
    const adeli = profile.notes.find((n) => n.kind === 'adeli-rpps');
    if (adeli) paragraphs.push(adeli.text);
    const aSavoir = profile.notes.find((n) => n.kind === 'a-savoir');
    if (aSavoir) paragraphs.push(this.say('card.aSavoir', { text: aSavoir.text }));

    const updates = this.kb.updatesFor({ profile, cards: [profile.card] });
    const footer = this.footer(profile.guidePage, updates);
    const text = [title, ...paragraphs, ...footer.lines].join('\n\n');

    // the card: facts, then the uses with their symbols
    const facts = [
      { title: this.say('labels.card'), value: `${card.name} (${card.fullName})` },
      ...(profile.register !== 'none' ? [{ title: this.say('labels.register'), value: profile.register }] : []),
      { title: this.say('labels.deliveredBy'), value: this.kb.contacts.get(profile.delivery[0].deliveredBy)?.name ?? '' },
      ...(profile.delivery[0].validity ? [{ title: this.say('labels.validity'), value: profile.delivery[0].validity }] : []),
    ];
    const body: AdaptiveElement[] = [
      textBlock(title, { weight: 'Bolder', size: 'Medium', style: 'heading' }),
      ...paragraphs.slice(0, (options.lead ? 1 : 0) + (options.statusIgnored ? 1 : 0)).map((p) => textBlock(p)),
      { type: 'FactSet', facts },
      textBlock(this.say('labels.delivery'), { weight: 'Bolder', spacing: 'Medium' }),
      ...delivery.map((d) => textBlock(d, { spacing: 'Small' })),
      textBlock(this.say('labels.uses'), { weight: 'Bolder', spacing: 'Medium' }),
      ...this.useBlocks(profile),
      ...(groups.inferred.length > 0 ? [textBlock(this.say('verdict.inferredCard'), { size: 'Small', isSubtle: true })] : []),
      textBlock(this.say('labels.support'), { weight: 'Bolder', spacing: 'Medium' }),
      textBlock(profile.sav.text, { spacing: 'Small' }),
      ...(profile.ecps ? [textBlock(this.say('card.ecps', { ecps: profile.ecps }), { spacing: 'Small' })] : []),
      ...profile.notes
        .filter((n) => n.kind === 'adeli-rpps' || n.kind === 'a-savoir' || n.kind === 'footnote' || n.kind === 'identification')
        .map((n) => textBlock(n.text, { size: 'Small', spacing: 'Small' })),
      ...footer.blocks,
    ];
    const choices = this.followUps(profile);
    return { kind: options.focus === 'uses' ? 'card.uses' : 'card.which', text, card: adaptiveCard(body, choices), choices };
  }

  /** One paragraph per delivery block: its title, its steps as a list, who delivers, validity, links. */
  private deliveryParagraphs(profile: Profile): string[] {
    return profile.delivery.map((d) => {
      const who = this.kb.contacts.get(d.deliveredBy)?.name ?? d.deliveredBy;
      const lines = [`${d.title ?? this.say('labels.delivery')} :`, ...d.steps.map((st) => `• ${st}`)];
      if (!d.steps.some((st) => st.includes(who))) lines.push(this.say('card.deliveredBy', { who }));
      if (d.validity) lines.push(this.say('card.validity', { validity: d.validity }) + (d.validityNote ? ` ${d.validityNote}` : ''));
      if (d.links.length > 0) lines.push(this.say('card.links', { links: d.links.join(' ') }));
      return lines.join('\n');
    });
  }

  private usesByVerdict(profile: Profile) {
    return {
      access: profile.uses.filter((u) => u.status === 'access'),
      conditional: profile.uses.filter((u) => u.status === 'conditional'),
      none: profile.uses.filter((u) => u.status === 'none'),
      inferred: profile.uses.filter((u) => u.basis === 'inferred'),
    };
  }

  private usesParagraph(groups: ReturnType<Answers['usesByVerdict']>): string {
    const lines: string[] = [];
    if (groups.access.length > 0) lines.push(this.say('card.uses.access', { list: groups.access.map((u) => this.useLine(u)).join(' ; ') }));
    if (groups.conditional.length > 0) lines.push(this.say('card.uses.conditional', { list: groups.conditional.map((u) => this.useLine(u)).join(' ; ') }));
    if (groups.none.length > 0) lines.push(this.say('card.uses.none', { list: groups.none.map((u) => this.useLine(u)).join(' ; ') }));
    return lines.join('\n');
  }

  private useBlocks(profile: Profile): AdaptiveElement[] {
    const symbol: Record<UseStatus, string> = {
      access: this.say('labels.symbolAccess'),
      conditional: this.say('labels.symbolConditional'),
      none: this.say('labels.symbolNone'),
    };
    return profile.uses.map((u) => ({
      type: 'ColumnSet',
      spacing: 'None',
      columns: [
        { type: 'Column', width: 'auto', items: [textBlock(symbol[u.status], { spacing: 'None' })] },
        { type: 'Column', width: 'stretch', items: [textBlock(this.useLine(u), { spacing: 'None' })] },
      ],
    }));
  }

  private noStatusPage(statusId: string, profile: Profile): string {
    return this.say('profile.noStatusPage', { status: this.kb.statuses.get(statusId)?.label.toLowerCase() ?? statusId, profile: profile.label });
  }

  // ── Can I use X? ─────────────────────────────────────────────────────

  verdictOf(profile: Profile, useId: string): UseVerdict {
    const entry = this.kb.useOf(profile, useId);
    return entry ? { useId, verdict: entry.status, entry } : { useId, verdict: 'unlisted' };
  }

  /** « Oui », « Non » or « Oui, sous conditions » first, then the card and the guide's note. */
  useAnswer(profile: Profile, useIds: string[], options: { lead?: string; statusIgnored?: string } = {}): Reply {
    const card = this.kb.cards.get(profile.card)!;
    const verdicts = useIds.map((id) => this.verdictOf(profile, id));
    const sentences = verdicts.map((v) => this.useSentence(profile, v));
    const same = verdicts.every((v) => this.verdictWord(v) === this.verdictWord(verdicts[0]));
    const paragraphs: string[] = [];
    let first: string;
    if (verdicts.length === 1) {
      first = `${this.verdictWord(verdicts[0])} : ${sentences[0]}`;
    } else if (same) {
      first = `${this.verdictWord(verdicts[0])} : ${this.say('useAnswer.several', { profile: lowerFirst(profile.label), card: card.name })}\n${verdicts
        .map((v, i) => `• ${this.useLabel(v.useId)} : ${sentences[i]}`)
        .join('\n')}`;
    } else {
      first = verdicts.map((v, i) => `${this.verdictWord(v)} pour « ${this.useLabel(v.useId)} » : ${sentences[i]}`).join('\n');
    }
    paragraphs.push(first);
    if (options.lead) paragraphs.unshift(options.lead);
    if (options.statusIgnored) paragraphs.push(this.noStatusPage(options.statusIgnored, profile));
    const inferred = verdicts.filter((v) => v.entry?.basis === 'inferred');
    for (const v of inferred) paragraphs.push(this.say('verdict.inferred', { why: v.entry!.inferredWhy ?? '', use: this.useLabel(v.useId) }));
    const updates = this.kb.updatesFor({
      uses: useIds,
      status: profile.status,
      verdicts: verdicts.map((v) => (v.verdict === 'unlisted' ? 'none' : v.verdict)),
    });
    const footer = this.footer(profile.guidePage, updates);
    const choices = [
      { title: this.say('buttons.uses'), value: this.say('buttons.usesValue') },
      { title: this.say('buttons.contacts'), value: this.say('buttons.contactsValue') },
    ];
    const reply = this.reply('use.access', undefined, paragraphs, footer, choices);
    return reply;
  }

  private verdictWord(v: UseVerdict): string {
    const word = this.say(`verdict.${v.verdict}`);
    return v.entry?.basis === 'inferred' ? `${word} ${this.say('verdict.toConfirm')}` : word;
  }

  private useSentence(profile: Profile, v: UseVerdict): string {
    const use = this.kb.uses.get(v.useId)!;
    const vars = { profile: lowerFirst(profile.label), card: this.cardName(profile), action: use.action, label: use.label, note: v.entry?.note ?? '', page: profile.guidePage };
    if (v.verdict === 'unlisted') return this.say('useAnswer.unlisted', vars);
    const key = `useAnswer.${v.verdict}${v.entry?.note ? 'WithNote' : ''}`;
    return this.say(key, vars);
  }

  // ── Obtaining, renewing, validity ────────────────────────────────────

  obtainAnswer(profile: Profile, options: { lead?: string; statusIgnored?: string } = {}): Reply {
    const card = this.kb.cards.get(profile.card)!;
    const title = this.say('obtain.title', { card: card.name, profile: profile.label });
    const paragraphs = [this.say('obtain.intro', { card: card.name, profile: profile.label }), ...this.deliveryParagraphs(profile)];
    if (options.statusIgnored) paragraphs.unshift(this.noStatusPage(options.statusIgnored, profile));
    if (options.lead) paragraphs.unshift(options.lead);
    const adeli = profile.notes.find((n) => n.kind === 'adeli-rpps');
    if (adeli) paragraphs.push(adeli.text);
    const updates = this.kb.updatesFor({ profile });
    return this.reply('card.obtain', title, paragraphs, this.footer(profile.guidePage, updates), this.followUps(profile));
  }

  validityAnswer(profile?: Profile): Reply {
    const topic = this.kb.topics.get('card-validity');
    const paragraphs: string[] = [];
    if (profile) {
      const d = profile.delivery.find((x) => x.validity) ?? profile.delivery[0];
      paragraphs.push(this.say('validity.profile', { card: this.cardName(profile), profile: profile.label, validity: d.validity ?? '' }));
      if (d.validityNote) paragraphs.push(`(${d.validityNote})`);
    } else if (topic) paragraphs.push(...topic.paragraphs);
    else paragraphs.push(this.say('validity.general'));
    const updates = this.kb.updatesFor({ topics: ['card-validity'] });
    return this.reply('card.validity', this.say('validity.title'), paragraphs, this.footer(profile?.guidePage ?? topic?.source.section, updates), this.followUps(profile));
  }

  // ── Topics (lost card, e-CPS, ADELI → RPPS, differences …) ──────────

  topicAnswer(topicId: string, kind: string, profile?: Profile): Reply {
    const topic: Topic | undefined = this.kb.topics.get(topicId);
    if (!topic) return this.fallback();
    const paragraphs = [...topic.paragraphs];
    for (const c of topic.contacts) paragraphs.push(this.contactLine(c));
    if (profile && topicId === 'adeli-rpps') {
      paragraphs.unshift(
        profile.register === 'ADELI'
          ? this.say('adeli.isAdeli', { profile: profile.label })
          : this.say('adeli.notAdeli', { profile: profile.label, register: profile.register }),
      );
    }
    const updates = this.kb.updatesFor({ topics: [topicId] });
    return this.reply(kind, topic.title, paragraphs, this.footer(topic.source.section, updates), this.followUps(profile));
  }

  private contactLine(contactId: string): string {
    const c = this.kb.contacts.get(contactId);
    if (!c) return '';
    const how = [c.phone, c.email, c.url].filter(Boolean).join(' – ');
    return this.say('contacts.line', { name: c.name, how });
  }

  /** « CPS ou e-CPS », « CPE nominative et CPE anonyme » … */
  compareAnswer(cardIds: string[], abbreviations: string[], profile?: Profile): Reply {
    const has = (...ids: string[]) => ids.every((id) => cardIds.includes(id) || abbreviations.includes(id));
    let topic: string | undefined;
    if (has('e-cps')) topic = 'compare-cps-ecps';
    else if (has('cpe-nominative') || has('cpe-anonyme')) topic = 'compare-cpe';
    else if (has('cpf')) topic = 'compare-cps-cpf';
    else if (has('cde') || has('cde-cpe')) topic = 'compare-cde-cpe';
    else if (has('cpe')) topic = 'compare-cpe';
    if (!topic) {
      const examples = this.kb.list('compare.examples');
      return this.reply('card.compare', undefined, [this.say('compare.unknown')], undefined, examples.map((e) => ({ title: e, value: e })));
    }
    return this.topicAnswer(topic, 'card.compare', profile);
  }

  glossaryAnswer(ids: string[]): Reply {
    const entries = ids.map((id) => this.kb.glossary.get(id)).filter((e): e is NonNullable<typeof e> => !!e);
    if (entries.length === 0) {
      const all = [...this.kb.glossary.values()].map((g) => `${g.abbreviation} : ${g.expansion}`);
      return this.reply('glossary.define', this.say('glossary.listTitle'), [all.join('\n')], this.footer(this.say('glossary.section'), []));
    }
    const paragraphs = entries.map((e) => this.say('glossary.entry', { abbreviation: e.abbreviation, expansion: e.expansion, definition: e.definition ? ` ${e.definition}` : '' }));
    const useIds = [...this.kb.uses.values()]
      .filter((u) => u.abbreviation && entries.some((e) => e.abbreviation.toLowerCase() === u.abbreviation!.toLowerCase()))
      .map((u) => u.id);
    const updates = this.kb.updatesFor({ uses: useIds });
    const choices: Choice[] = useIds.length > 0
      ? [{ title: this.say('glossary.canIUse', { abbreviation: entries[0].abbreviation }), value: this.say('glossary.canIUseValue', { abbreviation: entries[0].abbreviation }) }]
      : [];
    return this.reply('glossary.define', undefined, paragraphs, this.footer(entries[0].source.section, updates), choices);
  }

  contactsAnswer(): Reply {
    const ans = this.kb.contacts.get('ans');
    const team = this.kb.contacts.get('cpam-vendee-dns');
    const paragraphs: string[] = [];
    if (team) {
      paragraphs.push(this.say('contacts.team', { role: team.role, email: team.email ?? '', helpsWith: team.helpsWith.join(', ') }));
      paragraphs.push(team.members.map((m) => this.say('contacts.member', { name: m.name, phone: m.phone ?? '', email: m.email ?? '' })).join('\n'));
    }
    if (ans) paragraphs.push(this.say('contacts.ans', { name: ans.name, phone: ans.phone ?? '', role: ans.role }));
    return this.reply('contact.cpam', this.say('contacts.title'), paragraphs, this.footer(team?.source.section, []));
  }

  profileSet(profile: Profile, changed: boolean): string {
    return this.say(changed ? 'profile.changed' : 'profile.set', { profile: profile.label });
  }
}
