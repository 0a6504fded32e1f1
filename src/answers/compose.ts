/**
 * Composes the assistant's answers from the knowledge base, each once, as a structured
 * Answer (answer.ts) that the renderers show per channel. All wording comes from
 * responses.yaml and the knowledge files; nothing the user typed is ever put into an
 * answer.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Profile, ProfileUse, Update } from '../knowledge/schema';
import { Answer, AnswerTrace, Choice, DetailSection, UseLine, simpleAnswer } from './answer';
import type { RenderLabels } from './render';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 2024-06-01 » → « 1er juin 2024 », « 2024-06 » → « juin 2024 ». */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const month = MONTHS[m - 1] ?? '';
  if (!d) return `${month} ${y}`;
  return `${d === 1 ? '1er' : d} ${month} ${y}`;
}

/** « Médecin salarié » → « médecin salarié », in the middle of a sentence (acronyms kept). */
function lowerFirst(value: string): string {
  return /^[A-ZÉÈ][a-zéèêàâîôûç]/.test(value) ? value[0].toLowerCase() + value.slice(1) : value;
}


type Verdict = 'access' | 'conditional' | 'none' | 'unlisted';

/** A use's verdict for a profile: the page's status, or « not listed ». */
export interface UseVerdict {
  useId: string;
  verdict: Verdict;
  entry?: ProfileUse;
}

/** How the answer speaks to the asker. */
export interface AnswerOptions {
  /** said first (« C'est noté : … ») */
  lead?: string;
  /** the card in a case the guide does not describe (« j'ai changé de nom »): the contacts say so first */
  unguided?: boolean;
  /** a status the user gave that has no page of its own for the profession */
  statusIgnored?: string;
  /** the user wrote in the feminine (« infirmière remplaçante ») */
  feminine?: boolean;
  /** the question is about someone else's card (an employee, a driver) */
  about?: 'self' | 'other';
  /** the asker is not covered by the guide: the page is the nearest one, to be confirmed */
  uncovered?: { id: string; label: string };
  /** every page of the profession gives this answer: the status was not needed */
  allStatuses?: string;
  /** « je peux alimenter le DMP avec ma CPS ? », no profession known: every page holding this card answers alike, said of the card, of nobody's page */
  anyHolder?: boolean;
  /** with anyHolder: the cards said by one name (« CPE »), not the card of the page that answered */
  holderName?: string;
}

/** The page's label as the user would say it. */
function profileLabel(profile: Profile, feminine = false): string {
  return feminine && profile.labelFeminine ? profile.labelFeminine : profile.role ?? profile.label;
}

export class Answers {
  readonly labels: RenderLabels;

  constructor(private readonly kb: KnowledgeBase) {
    this.labels = {
      details: this.say('labels.details'),
      hideDetails: this.say('labels.hideDetails'),
      pick: this.say('ask.pickLabel'),
      submit: this.say('ask.submitLabel'),
      symbols: {
        access: this.say('labels.symbolAccess'),
        conditional: this.say('labels.symbolConditional'),
        none: this.say('labels.symbolNone'),
        closed: this.say('labels.symbolClosed'),
      },
    };
  }

  private say(key: string, vars: Record<string, string | number | undefined> = {}): string {
    return this.kb.say(key, { ...this.commonVars(), ...vars });
  }

  private commonVars(): Record<string, string> {
    const ans = this.kb.contacts.get('ans');
    const team = this.kb.contacts.get('cpam-vendee-dns');
    return { ansPhone: ans?.phone ?? '', ansName: ans?.name ?? '', teamEmail: team?.email ?? '', teamName: team?.name ?? '' };
  }

  // ── Sources and updates ──────────────────────────────────────────────

  private sourceLine(section?: string): string {
    return section ? this.say('source.guide', { page: section }) : this.say('source.guideGeneral');
  }

  private updateLine(u: Update): string {
    return this.say('source.update', { date: frenchDate(u.date), title: u.title, text: u.text, source: u.url ? `${u.source} (${u.url})` : u.source });
  }

  /** Updates split into those that change the answer (said first) and the others (in the details). */
  private splitUpdates(updates: Update[]): { decisive: string[]; details: DetailSection[] } {
    // said first, short; every update in full, with its source, in the details
    // (what changes the subject itself before a side service closed since: « activer une e-CPS » before « SI-DEP est fermé »)
    const decisive = updates.filter((u) => u.decides).sort((a, b) => Number(!!a.closes) - Number(!!b.closes)).map((u) => this.say('source.decisive', { decides: u.decides!, date: frenchDate(u.date) }));
    return { decisive, details: updates.length > 0 ? [{ title: this.say('source.updatesTitle'), lines: updates.map((u) => this.updateLine(u)) }] : [] };
  }

  /** Whether an update concerns a page: its cards and registers, when it names some. */
  private concerns(u: Update, profile: Profile): boolean {
    const a = u.appliesTo;
    return (a.cards.length === 0 || a.cards.includes(profile.card)) && (a.registers.length === 0 || a.registers.includes(profile.register));
  }

  /** A statement of the guide, introduced as such when an update said first changes it. */
  private byGuide(decisive: string[], key: string, vars: Record<string, string>): string {
    const text = this.say(key, vars);
    return decisive.length > 0 ? this.say('source.byGuide', { text: text.charAt(0).toLowerCase() + text.slice(1) }) : text;
  }

  /** The update that closed a service, if any (SI-DEP, SI-VAC). */
  closedBy(useId: string): Update | undefined {
    return this.kb.updates.find((u) => u.closes && u.appliesTo.uses.includes(useId));
  }

  private contactChoice(): Choice {
    return { title: this.say('buttons.contacts'), value: this.say('buttons.contactsValue') };
  }

  private followUps(profile?: Profile, options: AnswerOptions = {}): Choice[] {
    const c: Choice[] = [];
    if (profile && options.about !== 'other') {
      c.push({ title: this.say('buttons.uses'), value: this.say('buttons.usesValue') });
      c.push({ title: this.say('buttons.obtain'), value: this.say('buttons.obtainValue') });
    }
    c.push(this.contactChoice());
    return c;
  }

  /** Why the page is a guess: a person the guide does not cover, or a status without a page of its own. */
  private guessed(options: AnswerOptions): string | undefined {
    return options.uncovered?.id ?? (options.statusIgnored ? `statut-${options.statusIgnored}` : undefined);
  }

  /** Lines said before the answer: the lead, what the guide does not cover, a status without a page. */
  private preamble(profile: Profile | undefined, options: AnswerOptions, pageNamed = false): string[] {
    const lines: string[] = [];
    if (options.uncovered && profile) {
      // the page is a guess: said with whom to confirm it, in every answer that rests on it (named once: not again when the answer names it)
      const named = { who: options.uncovered.label, profile: profile.label, card: this.cardName(profile) };
      lines.push(pageNamed ? this.say('uncovered.short', named) : `${this.say('uncovered.text', named)} ${this.say('uncovered.confirm')}`);
    }
    if (options.statusIgnored && profile) lines.push(`${this.noStatusPage(options.statusIgnored, profile)} ${this.say('uncovered.confirm')}`);
    if (options.allStatuses) lines.push(this.say('profile.allStatuses', { profession: options.allStatuses }));
    if (options.anyHolder && profile) lines.push(this.say('useAnswer.holder.same', { card: options.holderName ?? this.cardName(profile) }));
    return lines;
  }

  /** The profile as the sentence names it, and the wording set (the asker's card, or someone else's). */
  private who(profile: Profile, options: AnswerOptions): { profile: string; prefix: string } {
    if (options.about === 'other') return { profile: lowerFirst(profile.label), prefix: 'useAnswer.other.' };
    if (options.anyHolder) return { profile: '', prefix: 'useAnswer.holder.' };
    // the same answer on every page of the profession: the profession, not the page that answered
    const named = options.allStatuses ? (this.kb.profileFor(profile.profession, 'titulaire') ?? profile) : profile;
    return { profile: lowerFirst(profileLabel(named, options.feminine)), prefix: 'useAnswer.' };
  }

  // ── Conversation basics ──────────────────────────────────────────────

  private exampleChoices(): Choice[] {
    return this.kb.list('fallback.examples').slice(0, 3).map((e) => ({ title: e, value: e }));
  }

  welcome(): Answer {
    return simpleAnswer('welcome', this.say('welcome'), this.exampleChoices());
  }

  help(): Answer {
    return { ...simpleAnswer('help', this.say('help'), this.exampleChoices()), lines: [this.kb.list('fallback.examples').map((e) => `• ${e}`).join('\n')] };
  }

  /** « carte » said alone: the likely questions as buttons, rather than a guess. */
  clarifyCard(): Answer {
    const choices = this.kb.list('clarify.card.choices').map((c) => ({ title: c, value: c }));
    return { ...simpleAnswer('clarify.card', this.say('clarify.card.text'), choices, { asks: 'clarify' }), expectsInput: true };
  }

  /** « ma carte me permet de faire ça ? » with no use named: which use, as buttons, rather than a guess. */
  clarifyUse(): Answer {
    const choices = this.kb.list('clarify.use.choices').map((c) => ({ title: c, value: c }));
    return { ...simpleAnswer('clarify.use', this.say('clarify.use.text'), choices, { asks: 'use' }), expectsInput: true };
  }

  /** « et lui, il peut ? » with nobody named before: who is meant, rather than an answer for the asker. */
  clarifyPerson(): Answer {
    return { ...simpleAnswer('clarify.person', this.say('clarify.person.text'), [], { asks: 'person' }), expectsInput: true };
  }

  /** Two questions in one message: the answer to the first, and the second offered first among the buttons. */
  withAnotherQuestion(answer: Answer, question: string): Answer {
    const shown = question.length > 60 ? `${question.slice(0, 59).trimEnd()}…` : question;
    return {
      ...answer,
      lines: [...answer.lines, this.say('clarify.another.line')],
      choices: [{ title: this.say('clarify.another.choice', { question: shown }), value: question }, ...answer.choices.filter((c) => c.value !== question)],
    };
  }

  /** « il peut me prêter sa CPS ? »: the answer (for the asker's own card) first says that a card is its holder's alone. */
  withPersonalCard(answer: Answer, about: 'self' | 'other' = 'self'): Answer {
    // (the guide's words one click away: a yes/no stays short)
    const why: DetailSection = { title: this.say('useAnswer.personalCardWhy'), lines: [this.say('useAnswer.personalCardGuide')] };
    // (a card lent to someone: the answer is for that person's own card)
    const line = this.say(about === 'other' ? 'useAnswer.personalCardOther' : 'useAnswer.personalCard');
    return { ...answer, lines: [line, ...answer.lines], details: [why, ...answer.details] };
  }

  simple(kind: string, key: string, choices: Choice[] = []): Answer {
    return simpleAnswer(kind, this.say(key), choices);
  }

  fallback(leadKey?: string): Answer {
    const examples = this.exampleChoices();
    return {
      ...simpleAnswer(leadKey ?? 'fallback', leadKey ? `${this.say(leadKey)} ${this.say('fallback.text')}` : this.say('fallback.text'), examples),
      lines: [examples.map((e) => `• ${e.title}`).join('\n'), this.say('fallback.contacts')],
    };
  }

  /** A message in English: the assistant answers in French, with examples. */
  english(): Answer {
    const examples = this.exampleChoices();
    return { ...simpleAnswer('lang.english', this.say('english.text'), examples), lines: [examples.map((e) => `• ${e.title}`).join('\n')] };
  }

  error(): Answer {
    return this.simple('error', 'error');
  }

  // ── Questions about the profile ──────────────────────────────────────

  /** « Quelle est votre profession ? », said after a workplace the guide does not cover (« je travaille en PMI ») with why it is asked. */
  askProfession(retry = false, uncoveredPlace?: string): Answer {
    const choices = [...this.kb.professions.values()].map((p) => ({ title: p.label, value: p.label }));
    const place = !retry && uncoveredPlace ? this.kb.uncovered.get(uncoveredPlace) : undefined;
    const question = this.say(retry ? 'ask.professionRetry' : 'ask.profession');
    return {
      ...simpleAnswer('ask.profession', place ? `${this.say('ask.professionAtPlace', { who: place.label })} ${question}` : question, choices, { asks: 'profession' }),
      lines: [this.say('ask.typeHint')],
      manyChoices: true,
      expectsInput: true,
    };
  }

  /** The status question, with the pages of the profession as they are named for it. */
  /** The status question, of the asker or (other) of the person asked about (« quel est son statut ? »). */
  askStatus(professionId: string, retry = false, feminine = false, other = false): Answer {
    const profession = this.kb.professions.get(professionId);
    const choices = this.kb.profilesOf(professionId).map((p) => {
      const label = this.statusChoice(p, feminine);
      return { title: label, value: label };
    });
    const key = other ? (retry ? 'ask.statusOtherRetry' : 'ask.statusOther') : retry ? 'ask.statusRetry' : 'ask.status';
    const text = this.say(key, { profession: profession?.label ?? '' });
    return { ...simpleAnswer('ask.status', text, choices, { asks: 'status' }), expectsInput: true };
  }

  /** How a page is offered as an answer to the status question (« Sage-femme installée »). */
  statusChoice(profile: Profile, feminine = false): string {
    if (profile.statusChoice) return feminine && profile.statusChoiceFeminine ? profile.statusChoiceFeminine : profile.statusChoice;
    const s = this.kb.statuses.get(profile.status)!;
    return s.question ?? s.label;
  }

  askAmbiguity(question: string, profileIds: string[]): Answer {
    const choices = profileIds.map((id) => this.kb.profiles.get(id)!).map((p) => ({ title: p.label, value: p.label }));
    return { ...simpleAnswer('ask.ambiguity', question, choices, { asks: 'ambiguity' }), expectsInput: true };
  }

  /** Two readings conflict (« libéral » and « en clinique »), or two activities answer differently: one short question with both. */
  askConflict(statusIds: string[], activities = false): Answer {
    const choices = statusIds.map((id) => this.kb.statuses.get(id)!).map((s) => ({ title: s.question ?? s.label, value: s.question ?? s.label }));
    const text = this.say(activities ? 'ask.whichActivity' : 'ask.conflict', { options: choices.map((c) => c.title.toLowerCase()).join(' ou ') });
    return { ...simpleAnswer('ask.status', text, choices, { asks: 'status' }), expectsInput: true };
  }

  gaveUp(): Answer {
    return this.fallback('ask.gaveUp');
  }

  // ── The card of a profile ────────────────────────────────────────────

  private cardName(profile: Profile): string {
    return this.kb.cards.get(profile.card)?.name ?? profile.card;
  }

  private useLabel(useId: string): string {
    return this.kb.uses.get(useId)?.label ?? useId;
  }

  /** A use of the page as a line of the list, closed services marked. */
  private useLine(u: ProfileUse): UseLine {
    const closed = this.closedBy(u.use);
    let text = this.useLabel(u.use);
    if (closed) return { status: 'closed', text: `${text} ${this.say('card.uses.closedMark', { date: frenchDate(closed.date) })}` };
    if (u.note) text += ` (${u.note})`;
    if (u.basis === 'inferred') text += ` ${this.say('card.uses.inferredMark')}`;
    return { status: u.status, text };
  }

  private deliveryLines(profile: Profile): DetailSection[] {
    return profile.delivery.map((d) => {
      const who = this.kb.contacts.get(d.deliveredBy)?.name ?? d.deliveredBy;
      const lines = d.steps.map((st) => `• ${st}`);
      if (!d.steps.some((st) => st.includes(who))) lines.push(this.say('card.deliveredBy', { who }));
      if (d.validity) lines.push(this.say('card.validity', { validity: d.validity }) + (d.validityNote ? ` ${d.validityNote}` : ''));
      if (d.links.length > 0) lines.push(this.say('card.links', { links: d.links.join(' ') }));
      return { title: d.title ?? this.say('labels.delivery'), lines };
    });
  }

  private supportSection(profile: Profile): DetailSection {
    const lines = [profile.sav.text];
    if (profile.ecps) lines.push(this.say('card.ecps', { ecps: profile.ecps }));
    return { title: this.say('labels.support'), lines };
  }

  private notesSection(profile: Profile, kinds: string[]): DetailSection[] {
    const notes = profile.notes.filter((n) => kinds.includes(n.kind));
    return notes.length > 0 ? [{ title: this.say('labels.notes'), lines: notes.map((n) => (n.kind === 'a-savoir' ? this.say('card.aSavoir', { text: n.text }) : n.text)) }] : [];
  }

  /** Which card, for whom, who delivers it: first sight; delivery, uses and support in the details. */
  cardAnswer(profile: Profile, options: AnswerOptions = {}, focus: 'card' | 'uses' = 'card'): Answer {
    const card = this.kb.cards.get(profile.card)!;
    const label = options.about === 'other' ? profile.label : profileLabel(profile, options.feminine);
    const lines = this.preamble(profile, options);
    const headlineKey = options.uncovered ? 'card.headlineGuessed' : options.about === 'other' ? 'card.headlineOther' : 'card.headline';
    const headline = this.say(headlineKey, { profile: options.uncovered ? profile.label : lowerFirst(label), card: card.name, fullName: card.fullName });
    if (profile.forWhom) lines.push(this.say('card.forWhom', { forWhom: profile.forWhom }));
    const inferred = profile.uses.some((u) => u.basis === 'inferred');
    const usesSection: DetailSection = { title: this.say('labels.uses'), lines: inferred ? [this.say('verdict.inferredCard')] : [], uses: profile.uses.map((u) => this.useLine(u)) };
    const facts = [
      ...(profile.register !== 'none' ? [{ title: this.say('labels.register'), value: profile.register }] : []),
      { title: this.say('labels.deliveredBy'), value: this.kb.contacts.get(profile.delivery[0].deliveredBy)?.name ?? '' },
      ...(profile.delivery[0].validity ? [{ title: this.say('labels.validity'), value: profile.delivery[0].validity }] : []),
    ];
    // on the card's page, updates are details (those that decide a validity or a use are said where asked)
    const updates = this.splitUpdates(this.kb.updatesFor({ profile, cards: [profile.card], status: profile.status }).filter((u) => !u.appliesTo.uses.length).map((u) => ({ ...u, decides: undefined })));
    const details: DetailSection[] = focus === 'uses'
      ? [usesSection, { lines: [], facts }, ...this.deliveryLines(profile)]
      : [{ lines: [], facts }, ...this.deliveryLines(profile), usesSection];
    details.push(this.supportSection(profile), ...this.notesSection(profile, ['footnote', 'identification', 'a-savoir', 'adeli-rpps']), ...updates.details);
    return {
      kind: focus === 'uses' ? 'card.uses' : 'card.which',
      decisive: updates.decisive,
      headline: focus === 'uses' ? `${headline} ${this.say('card.usesHint')}` : headline,
      lines,
      source: this.sourceLine(profile.guidePage),
      details,
      choices: this.followUps(profile, options),
      trace: { profileId: profile.id, about: options.about ?? 'self', uncovered: this.guessed(options) },
    };
  }

  private noStatusPage(statusId: string, profile: Profile): string {
    return this.say('profile.noStatusPage', { status: this.kb.statuses.get(statusId)?.label.toLowerCase() ?? statusId, profile: profile.label });
  }

  // ── Can I use X? ─────────────────────────────────────────────────────

  verdictOf(profile: Profile, useId: string): UseVerdict {
    const entry = this.kb.useOf(profile, useId);
    return entry ? { useId, verdict: entry.status, entry } : { useId, verdict: 'unlisted' };
  }

  /** « Oui », « Non » or « Oui, sous conditions » first, then the guide's note; a closed service says so before. */
  useAnswer(profile: Profile, useIds: string[], options: AnswerOptions = {}): Answer {
    const card = options.holderName ?? (options.allStatuses ? this.say('labels.yourCard') : this.cardName(profile));
    const verdicts = useIds.map((id) => this.verdictOf(profile, id));
    const closures = verdicts.map((v) => this.closedBy(v.useId));
    const updates = this.kb.updatesFor({ uses: useIds, status: profile.status, verdicts: verdicts.map((v) => (v.verdict === 'unlisted' ? 'none' : v.verdict)) });
    const { decisive, details: updateDetails } = this.splitUpdates(updates);
    const byGuide = decisive.length > 0;
    const who = this.who(profile, options);
    const sentence = (v: UseVerdict) => this.useSentence(profile, v, who, card);
    // a status with no page of its own (« orthoptiste remplaçant »): the page is a guess to confirm
    const guessed = !!options.statusIgnored || !!options.uncovered;
    const word = (v: UseVerdict) => (guessed && v.entry?.basis !== 'inferred' ? `${this.verdictWord(v)} ${this.say('verdict.toConfirm')}` : this.verdictWord(v));
    let headline: string;
    if (verdicts.length === 1) {
      headline = `${word(verdicts[0])} : ${sentence(verdicts[0])}`;
    } else if (verdicts.every((v) => word(v) === word(verdicts[0]))) {
      headline = `${word(verdicts[0])} : ${this.say(`${who.prefix}several`, { profile: who.profile, card, list: this.joinList(verdicts.map((v) => this.kb.uses.get(v.useId)!.action)) })}`;
    } else {
      headline = verdicts.map((v) => `${word(v)} pour « ${this.useLabel(v.useId)} » : ${sentence(v)}`).join('\n');
    }
    if (byGuide) headline = this.say('useAnswer.byGuide', { answer: headline.charAt(0).toLowerCase() + headline.slice(1) });
    // (the headline names the page the answer rests on, unless it speaks of any holder of the card; a closed service is closed
    // for everyone: the page being a guess changes nothing)
    const lines = closures.every(Boolean) ? this.preamble(profile, { ...options, uncovered: undefined, statusIgnored: undefined }) : this.preamble(profile, options, !options.anyHolder);
    const whyInferred: DetailSection[] = [];
    // several uses to confirm: one line names them all, and one reason given for several is written once
    const toConfirm = verdicts.filter((x, i) => x.entry?.basis === 'inferred' && !closures[i]);
    const named = (list: UseVerdict[]) => this.joinList(list.map((v) => `« ${this.useLabel(v.useId)} »`));
    // (every use asked is to confirm: the headline names them already; a page that is a guess already says whom to ask, and
    // why each use is to confirm is in the details)
    if (!guessed && toConfirm.length > 1 && toConfirm.length === verdicts.length) lines.push(this.say('verdict.inferredAll'));
    else if (!guessed && toConfirm.length > 0) lines.push(this.say('verdict.inferred', { use: named(toConfirm) }));
    const reasons = new Map<string, UseVerdict[]>();
    for (const v of toConfirm) if (v.entry!.inferredWhy) reasons.set(v.entry!.inferredWhy, [...(reasons.get(v.entry!.inferredWhy) ?? []), v]);
    for (const [why, list] of reasons) whyInferred.push({ title: this.say('verdict.inferredWhy', { use: named(list) }), lines: [why] });
    // (the other uses of one page are not those of every holder of the card)
    const others = options.anyHolder ? [] : profile.uses.filter((u) => !useIds.includes(u.use));
    const details: DetailSection[] = [
      ...whyInferred,
      ...updateDetails,
      ...(others.length > 0 ? [{ title: this.say('labels.otherUses', { card }), lines: [], uses: others.map((u) => this.useLine(u)) }] : []),
    ];
    const trace: AnswerTrace = {
      profileId: profile.id,
      about: options.about ?? 'self',
      uncovered: this.guessed(options),
      uses: verdicts.map((v, i) => ({ use: v.useId, verdict: closures[i] ? 'closed' : v.verdict, inferred: v.entry?.basis === 'inferred' || guessed })),
      ...(options.anyHolder ? { holderOf: profile.card } : {}),
    };
    const choices: Choice[] = [];
    if (options.about !== 'other') choices.push({ title: this.say('buttons.uses'), value: this.say('buttons.usesValue') });
    choices.push(this.contactChoice());
    return { kind: 'use.access', decisive, headline, lines, source: this.sourceLine(profile.guidePage), details, choices, trace };
  }

  /** A closed service asked with no profile known: it is closed for everyone. */
  closedAnswer(useIds: string[]): Answer {
    const updates = this.splitUpdates(this.kb.updatesFor({ uses: useIds }).filter((u) => u.closes));
    return {
      kind: 'use.access',
      decisive: updates.decisive,
      headline: this.say('useAnswer.closedForAll', { label: this.joinList(useIds.map((u) => this.useLabel(u))) }),
      lines: [],
      details: updates.details,
      choices: [this.contactChoice()],
      trace: { uses: useIds.map((u) => ({ use: u, verdict: 'closed' as const })) },
    };
  }

  private verdictWord(v: UseVerdict): string {
    const word = this.say(`verdict.${v.verdict}`);
    return v.entry?.basis === 'inferred' ? `${word} ${this.say('verdict.toConfirm')}` : word;
  }

  private useSentence(profile: Profile, v: UseVerdict, who: { profile: string; prefix: string }, card: string): string {
    const use = this.kb.uses.get(v.useId)!;
    const vars = { profile: who.profile, card, action: use.action, label: use.label, note: v.entry?.note ?? '', page: profile.guidePage };
    if (v.verdict === 'unlisted') return this.say('useAnswer.unlisted', vars);
    return this.say(`${who.prefix}${v.verdict}${v.entry?.note ? 'WithNote' : ''}`, vars);
  }

  /** « a, b et c ». */
  private joinList(items: string[]): string {
    return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
  }

  // ── Obtaining, renewing, validity ────────────────────────────────────

  obtainAnswer(profile: Profile, options: AnswerOptions = {}): Answer {
    const card = this.cardName(profile);
    const delivery = this.deliveryLines(profile);
    const lines = this.preamble(profile, options);
    // first sight: the steps of the first way to obtain it; other ways in the details
    lines.push(...delivery[0].lines);
    const updates = this.splitUpdates(this.kb.updatesFor({ profile, status: profile.status }).filter((u) => !u.appliesTo.uses.length && !u.appliesTo.cards.length));
    const headline = options.about === 'other'
      ? this.say('obtain.headlineOther', { card, profile: lowerFirst(profile.label), title: delivery[0].title ?? '' })
      : this.say('obtain.headline', { card, profile: lowerFirst(profileLabel(profile, options.feminine)) });
    return {
      kind: 'card.obtain',
      decisive: updates.decisive,
      headline,
      lines,
      source: this.sourceLine(profile.guidePage),
      details: [...delivery.slice(1), ...this.notesSection(profile, ['adeli-rpps']), ...updates.details],
      choices: this.followUps(profile, options),
      trace: { profileId: profile.id, about: options.about ?? 'self', uncovered: this.guessed(options) },
    };
  }

  /** The card's validity and how it is renewed, for the known profile. */
  renewAnswer(profile: Profile, options: AnswerOptions = {}): Answer {
    const card = options.allStatuses ? this.say('labels.yourCard') : this.cardName(profile);
    const d = profile.delivery.find((x) => x.validity) ?? profile.delivery[0];
    const lines = this.preamble(profile, options);
    const first = this.deliveryLines(profile)[0];
    lines.push(this.say('renew.how'), ...first.lines.filter((l) => l.startsWith('•')));
    const updates = this.splitUpdates(this.kb.updatesFor({ topics: ['card-renew'], profile }).filter((u) => this.concerns(u, profile) && (u.appliesTo.topics.includes('card-renew') || u.appliesTo.registers.length > 0)));
    const team = this.kb.contacts.get('cpam-vendee-dns');
    return {
      kind: 'card.renew',
      decisive: updates.decisive,
      headline: options.about === 'other'
        ? this.byGuide(updates.decisive, 'renew.headlineOther', { card: this.cardName(profile), profile: lowerFirst(profile.label), validity: d.validity ?? '' })
        : this.byGuide(updates.decisive, 'renew.headline', { card, profile: lowerFirst(profileLabel(profile, options.feminine)), validity: d.validity ?? '' }),
      lines,
      source: this.sourceLine(profile.guidePage),
      details: [{ title: this.say('labels.support'), lines: [profile.sav.text, ...(team?.email ? [this.say('renew.team', { email: team.email })] : [])] }, ...updates.details],
      choices: this.followUps(profile, options),
      trace: { profileId: profile.id, topic: 'card-renew', about: options.about ?? 'self', uncovered: this.guessed(options) },
    };
  }

  validityAnswer(profile?: Profile, options: AnswerOptions = {}): Answer {
    if (!profile) return this.topicAnswer('card-validity', 'card.validity');
    const d = profile.delivery.find((x) => x.validity) ?? profile.delivery[0];
    const updates = this.splitUpdates(this.kb.updatesFor({ topics: ['card-validity'] }).filter((u) => this.concerns(u, profile)));
    return {
      kind: 'card.validity',
      decisive: updates.decisive,
      headline: options.about === 'other'
        ? this.byGuide(updates.decisive, 'validity.profileOther', { card: this.cardName(profile), profile: lowerFirst(profile.label), validity: d.validity ?? '' })
        : this.byGuide(updates.decisive, 'validity.profile', { card: options.allStatuses ? this.say('labels.yourCard') : this.cardName(profile), profile: lowerFirst(profileLabel(profile, options.feminine)), validity: d.validity ?? '' }),
      lines: [...this.preamble(profile, options), ...(d.validityNote ? [d.validityNote] : [])],
      source: this.sourceLine(profile.guidePage),
      details: updates.details,
      choices: this.followUps(profile, options),
      trace: { profileId: profile.id, topic: 'card-validity', about: options.about ?? 'self', uncovered: this.guessed(options) },
    };
  }

  // ── Topics (lost card, e-CPS, ADELI → RPPS, differences …) ──────────

  topicAnswer(topicId: string, kind: string, profile?: Profile, options: AnswerOptions = {}): Answer {
    const topic = this.kb.topics.get(topicId);
    if (!topic) return this.fallback();
    const [first, ...rest] = topic.paragraphs;
    // (a page that is a guess, or a status without a page of its own, says so first)
    const lines: string[] = [...this.preamble(options.uncovered || options.statusIgnored ? profile : undefined, options)];
    if (profile && topicId === 'adeli-rpps' && !options.uncovered) {
      const base = profile.register === 'ADELI' ? 'adeli.isAdeli' : profile.register === 'none' ? 'adeli.noRegister' : 'adeli.notAdeli';
      const key = options.about === 'other' ? `${base}Other` : base;
      lines.push(this.say(key, { profile: profileLabel(profile, options.feminine), register: profile.register }));
    }
    const contacts = topic.contacts.map((c) => this.contactLine(c)).filter(Boolean);
    const updates = this.splitUpdates(this.kb.updatesFor({ topics: [topicId] }).filter((u) => u.appliesTo.topics.includes(topicId)));
    const byGuide = updates.decisive.length > 0;
    const detailLines = topic.short ? rest : [];
    if (!topic.short) lines.push(...rest);
    lines.push(...contacts);
    return {
      kind,
      decisive: updates.decisive,
      title: topic.title,
      headline: byGuide ? this.say('source.byGuide', { text: first }) : first,
      lines,
      source: this.sourceLine(topic.source.section),
      details: [...(detailLines.length > 0 ? [{ lines: detailLines }] : []), ...updates.details],
      choices: this.followUps(profile, options),
      trace: { topic: topicId, profileId: profile?.id, uncovered: this.guessed(options), ...(options.about === 'other' ? { about: 'other' as const } : {}) },
    };
  }

  private contactLine(contactId: string): string {
    const c = this.kb.contacts.get(contactId);
    if (!c) return '';
    const how = [c.phone, c.email, c.url].filter(Boolean).join(' – ');
    return this.say('contacts.line', { name: c.name, how });
  }

  /** « CPS ou e-CPS », « CPE nominative et CPE anonyme » … */
  compareAnswer(cardIds: string[], abbreviations: string[], profile?: Profile): Answer {
    const has = (...ids: string[]) => ids.every((id) => cardIds.includes(id) || abbreviations.includes(id));
    let topic: string | undefined;
    if (has('e-cps')) topic = 'compare-cps-ecps';
    else if (has('cpe-nominative') || has('cpe-anonyme')) topic = 'compare-cpe';
    else if (has('cpf')) topic = 'compare-cps-cpf';
    else if (has('cde') || has('cde-cpe')) topic = 'compare-cde-cpe';
    else if (has('cpe')) topic = 'compare-cpe';
    if (!topic) {
      const examples = this.kb.list('compare.examples');
      return { ...simpleAnswer('card.compare', this.say('compare.unknown'), examples.map((e) => ({ title: e, value: e })), { asks: 'compare' }), expectsInput: true };
    }
    return this.topicAnswer(topic, 'card.compare', profile);
  }

  glossaryAnswer(ids: string[]): Answer {
    const entries = ids.map((id) => this.kb.glossary.get(id)).filter((e): e is NonNullable<typeof e> => !!e);
    if (entries.length === 0) {
      const all = [...this.kb.glossary.values()].map((g) => `${g.abbreviation} : ${g.expansion}`);
      return { ...simpleAnswer('glossary.define', this.say('glossary.listTitle')), lines: [all.join('\n')], source: this.sourceLine(this.say('glossary.section')) };
    }
    const lines = entries.map((e) => this.say('glossary.entry', { abbreviation: e.abbreviation, expansion: e.expansion, definition: e.definition ? ` ${e.definition}` : '' }));
    const useIds = [...this.kb.uses.values()]
      .filter((u) => u.abbreviation && entries.some((e) => e.abbreviation.toLowerCase() === u.abbreviation!.toLowerCase()))
      .map((u) => u.id);
    const updates = this.splitUpdates(this.kb.updatesFor({ uses: useIds, terms: entries.map((e) => e.id) }).filter((u) => u.appliesTo.terms.some((t) => ids.includes(t)) || u.closes));
    const [headline, ...rest] = lines;
    const byGuide = updates.decisive.length > 0;
    const choices: Choice[] = useIds.length > 0 && !useIds.some((u) => this.closedBy(u))
      ? [{ title: this.say('glossary.canIUse', { abbreviation: entries[0].abbreviation }), value: this.say('glossary.canIUseValue', { abbreviation: entries[0].abbreviation }) }]
      : [];
    return {
      kind: 'glossary.define',
      decisive: updates.decisive,
      headline: byGuide ? this.say('source.byGuide', { text: headline }) : headline,
      lines: rest,
      source: this.sourceLine(entries[0].source.section),
      details: updates.details,
      choices,
      trace: { terms: entries.map((e) => e.id) },
    };
  }

  /** Whom to contact; for someone the guide does not cover (or a status without a page), said first why. */
  contactsAnswer(options: AnswerOptions = {}): Answer {
    const ans = this.kb.contacts.get('ans');
    const status = options.statusIgnored ? this.kb.statuses.get(options.statusIgnored)?.label.toLowerCase() : undefined;
    const who = options.uncovered?.label ?? (status ? this.say('uncovered.withStatus', { status }) : undefined);
    const team = this.kb.contacts.get('cpam-vendee-dns');
    const lines: string[] = [];
    if (team) lines.push(team.members.map((m) => this.say('contacts.member', { name: m.name, phone: m.phone ?? '', email: m.email ?? '' })).join('\n'));
    if (ans) lines.push(this.say('contacts.ans', { name: ans.name, phone: ans.phone ?? '', role: ans.role }));
    return {
      kind: 'contact.cpam',
      decisive: [],
      ...(who ? { lead: this.say('uncovered.contact', { who }) } : options.unguided ? { lead: this.say('contacts.unguided') } : {}),
      title: this.say('contacts.title'),
      headline: team ? this.say('contacts.team', { email: team.email ?? '' }) : '',
      lines,
      source: this.sourceLine(team?.source.section),
      details: team ? [{ lines: [this.say('contacts.helpsWith', { role: team.role, helpsWith: team.helpsWith.join(', ') })] }] : [],
      choices: [],
      trace: { topic: 'contacts', ...(this.guessed(options) ? { uncovered: this.guessed(options) } : {}) },
    };
  }

  /**
   * Someone the guide gives no card (« je suis comptable »: professions.yaml › noCard): say so, with whom to ask; the updates of
   * the uses named (Amelipro: « sauf les comptables ») in the details.
   */
  noCardAnswer(who: { id: string; label: string }, useIds: string[] = []): Answer {
    const updates = this.splitUpdates(this.kb.updatesFor({ uses: useIds }).map((u) => ({ ...u, decides: undefined })));
    return {
      kind: 'profile.noCard',
      decisive: [],
      headline: this.say('noCard.text', { who: who.label }),
      lines: [this.say('uncovered.confirm')],
      details: updates.details,
      choices: [this.contactChoice()],
      trace: { uncovered: who.id },
    };
  }

  /** A person the guide does not cover, when nothing else was asked: say so, and the nearest page. */
  uncoveredAnswer(uncovered: { id: string; label: string }, nearest: Profile, options: AnswerOptions = {}): Answer {
    const card = this.cardName(nearest);
    return {
      kind: 'profile.uncovered',
      decisive: [],
      headline: this.say('uncovered.text', { who: uncovered.label, profile: nearest.label, card }),
      lines: [this.say('uncovered.confirm')],
      source: this.sourceLine(nearest.guidePage),
      details: [],
      choices: this.followUps(nearest, options),
      trace: { profileId: nearest.id, uncovered: uncovered.id, about: options.about ?? 'self' },
    };
  }

  profileSet(profile: Profile, changed: boolean, feminine = false): string {
    return this.say(changed ? 'profile.changed' : 'profile.set', { profile: profileLabel(profile, feminine) });
  }

  /** « et quand je serai titulaire ? »: the lead of an answer for the page to come, today's page kept. */
  profileToCome(profile: Profile, feminine = false): string {
    return this.say('profile.toCome', { profile: profileLabel(profile, feminine) });
  }

  /** « Je suis pharmacien hospitalier » : the page of the profession, said to be a guess (no page for that status). */
  statusIgnoredAnswer(profile: Profile, statusId: string, options: AnswerOptions = {}): Answer {
    return {
      kind: 'profile.uncovered',
      decisive: [],
      headline: this.noStatusPage(statusId, profile),
      lines: [this.say('uncovered.confirm')],
      source: this.sourceLine(profile.guidePage),
      details: [],
      choices: this.followUps(profile, options),
      trace: { profileId: profile.id, uncovered: `statut-${statusId}`, about: options.about ?? 'self' },
    };
  }

  /** « C'est noté : deux activités, … et … » (« PH, et une consultation libérale en ville »), with what the user may ask next. */
  activitiesAck(first: Profile, second: Profile, feminine = false): Answer {
    const text = this.say('profile.twoActivities', { first: profileLabel(first, feminine), second: profileLabel(second, feminine) });
    return { ...simpleAnswer('profile.set', `${text} ${this.say('profile.next')}`, this.nextQuestions(), { profileId: first.id }) };
  }

  /** What the user may ask once who they are is known: their card, its uses, how to obtain it. */
  private nextQuestions(): Choice[] {
    return [
      { title: this.say('buttons.card'), value: this.say('buttons.cardValue') },
      { title: this.say('buttons.uses'), value: this.say('buttons.usesValue') },
      { title: this.say('buttons.obtain'), value: this.say('buttons.obtainValue') },
    ];
  }

  /** « C'est noté : infirmière remplaçante. » with what the user may ask next. */
  profileAck(profile: Profile, changed: boolean, feminine = false): Answer {
    return {
      ...simpleAnswer('profile.set', `${this.profileSet(profile, changed, feminine)} ${this.say('profile.next')}`, this.nextQuestions(), { profileId: profile.id }),
    };
  }

}
