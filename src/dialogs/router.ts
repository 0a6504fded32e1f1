/**
 * What to do with a recognised message: answer it, or first ask for the profile. Pure
 * logic over the recognizer's result, the knowledge base and what is known of the user;
 * the dialogs carry it out (send, prompt, save).
 */
import type { Answers } from '../answers/compose';
import type { Reply } from '../answers/reply';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Profile } from '../knowledge/schema';
import { ProfileResolution, resolveProfile } from '../nlu/entities';
import type { Command, Recognition } from '../nlu/recognizer';
import type { ConversationMemory, PendingQuestion } from './state';

/** What the profile question starts from. */
export interface PartialProfile {
  profession?: string;
  status?: string;
  ambiguity?: { profiles: string[]; question: string };
}

export type Decision =
  | { kind: 'command'; command: Command }
  | { kind: 'reply'; reply: Reply; saveProfile?: string; remember?: PendingQuestion }
  | { kind: 'askProfile'; pending: PendingQuestion; partial: PartialProfile; lead?: string; clearProfile?: boolean };

/** Intents answered from the user's profile: the bot asks for it when it is unknown. */
const PROFILE_INTENTS = new Set(['card.which', 'use.access', 'card.uses', 'card.obtain']);

export class Router {
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly answers: Answers,
  ) {}

  /**
   * The profile the message describes, completed with the stored one where the message
   * only changes part of it (« je ne suis plus remplaçante »).
   */
  resolve(recognition: Recognition, current?: Profile): ProfileResolution {
    const resolution = resolveProfile(this.kb, recognition.entities);
    if (!current) return resolution;
    if (resolution.kind === 'needProfession') {
      const p = this.kb.profileFor(current.profession, resolution.status);
      if (p) return { kind: 'profile', profileId: p.id };
      if (this.kb.profilesOf(current.profession).length === 1) return { kind: 'profile', profileId: current.id };
    }
    if (resolution.kind === 'needStatus' && resolution.profession === current.profession) {
      return { kind: 'profile', profileId: current.id };
    }
    return resolution;
  }

  /** The profile from an answer to a profile question, completed by what was said before. */
  complete(recognition: Recognition, known: PartialProfile): ProfileResolution {
    const e = recognition.entities;
    if (known.ambiguity) {
      const options = known.ambiguity.profiles.map((id) => this.kb.profiles.get(id)!);
      const chosen =
        options.find((p) => e.profiles.includes(p.id)) ??
        options.find((p) => e.professions.includes(p.profession));
      if (chosen) return { kind: 'profile', profileId: chosen.id };
    }
    return resolveProfile(this.kb, e, { profession: known.profession, status: known.status });
  }

  decide(recognition: Recognition, currentId: string | undefined, memory: ConversationMemory): Decision {
    if (recognition.command) return { kind: 'command', command: recognition.command };
    const current = currentId ? this.kb.profiles.get(currentId) : undefined;
    const resolution = this.resolve(recognition, current);
    const stated = resolution.kind === 'profile' ? this.kb.profiles.get(resolution.profileId) : undefined;
    const statusIgnored = resolution.kind === 'profile' ? resolution.statusIgnored : undefined;
    const partial = partialOf(resolution);
    let intent = recognition.intent;
    const followUp = this.followUpUses(recognition, memory);
    if (followUp) {
      intent = 'use.access';
      recognition = { ...recognition, entities: { ...recognition.entities, uses: followUp } };
    }
    if (intent === 'use.access' && recognition.entities.uses.length === 0) intent = 'card.uses';

    if (intent === 'profile.set') {
      const pending = memory.last ?? { intent: 'card.which', uses: [] };
      if (stated) {
        const lead = this.answers.profileSet(stated, !!current && current.id !== stated.id);
        const reply = memory.last
          ? this.answerFor(memory.last, stated, { lead: `${lead} ${this.kb.say('profile.previousQuestion', { profile: stated.label })}`, statusIgnored })
          : this.answers.cardAnswer(stated, { lead, statusIgnored });
        return { kind: 'reply', reply, saveProfile: stated.id };
      }
      return { kind: 'askProfile', pending, partial, clearProfile: resolution.kind === 'none' };
    }

    if (PROFILE_INTENTS.has(intent)) {
      const pending: PendingQuestion = { intent, uses: recognition.entities.uses };
      // « la CPE anonyme permet-elle … ? »: a card that belongs to one page only answers for that page
      const ofCard = stated ? undefined : this.profileOfCard(recognition.entities.cards);
      if (ofCard && intent !== 'card.which') {
        return { kind: 'reply', reply: this.answerFor(pending, ofCard), remember: pending };
      }
      const profile = stated ?? (resolution.kind === 'none' ? current : undefined);
      if (profile) {
        return { kind: 'reply', reply: this.answerFor(pending, profile, { statusIgnored }), saveProfile: stated?.id, remember: pending };
      }
      return { kind: 'askProfile', pending, partial };
    }

    const reply = this.sideAnswer(recognition, intent, stated ?? current);
    return { kind: 'reply', reply, saveProfile: stated?.id };
  }

  /** The page of a card named in the message, when only one page of the guide has that card. */
  private profileOfCard(cardIds: string[]): Profile | undefined {
    for (const cardId of cardIds) {
      const pages = [...this.kb.profiles.values()].filter((p) => p.card === cardId);
      if (pages.length === 1) return pages[0];
    }
    return undefined;
  }

  /**
   * « et le consulter ? » after a question on the DMP: a verb of a use of the group the
   * last question was about, in a short message that names no use.
   */
  private followUpUses(recognition: Recognition, memory: ConversationMemory): string[] | undefined {
    const e = recognition.entities;
    if (e.uses.length > 0 || !memory.last || e.verbUses.length === 0) return undefined;
    if (!['none', 'use.access', 'card.uses'].includes(recognition.intent) || recognition.tokens.length > 8) return undefined;
    const groups = new Set(memory.last.uses.map((u) => this.kb.uses.get(u)?.group).filter(Boolean));
    const uses = e.verbUses.filter((u) => groups.has(this.kb.uses.get(u)?.group));
    return uses.length > 0 ? uses : undefined;
  }

  /** Answers a question that needs no profile (or uses it only when known). */
  sideAnswer(recognition: Recognition, intent: string, profile?: Profile): Reply {
    const e = recognition.entities;
    switch (intent) {
      case 'card.validity':
        return this.answers.validityAnswer(profile);
      case 'card.renew':
        return this.answers.topicAnswer('card-renew', 'card.renew', profile);
      case 'card.lost':
        return this.answers.topicAnswer('card-lost', 'card.lost', profile);
      case 'card.broken':
        return this.answers.topicAnswer('card-broken', 'card.broken', profile);
      case 'ecps.info':
        return this.answers.topicAnswer('ecps', 'ecps.info', profile);
      case 'adeli.rpps':
        return this.answers.topicAnswer('adeli-rpps', 'adeli.rpps', profile);
      case 'card.compare':
        return this.answers.compareAnswer(e.cards, e.abbreviations, profile);
      case 'contact.cpam':
        return this.answers.contactsAnswer();
      case 'glossary.define': {
        const ids = [...e.abbreviations];
        for (const useId of e.uses) {
          const abbr = this.kb.uses.get(useId)?.abbreviation;
          const entry = abbr && [...this.kb.glossary.values()].find((g) => g.abbreviation.toLowerCase() === abbr.toLowerCase());
          if (entry && !ids.includes(entry.id)) ids.push(entry.id);
        }
        for (const cardId of e.cards) {
          const entry = this.kb.glossary.get(cardId);
          if (entry && !ids.includes(entry.id)) ids.push(entry.id);
        }
        return this.answers.glossaryAnswer(ids);
      }
      case 'help':
        return this.answers.help();
      case 'greeting':
      case 'thanks':
      case 'goodbye':
        return this.answers.simple(intent, `intents.${intent}`);
      default:
        return this.answers.fallback();
    }
  }

  /** The answer to a question that depends on the profile. */
  answerFor(pending: PendingQuestion, profile: Profile, options: { lead?: string; statusIgnored?: string } = {}): Reply {
    switch (pending.intent) {
      case 'use.access':
        if (pending.uses.length > 0) return this.answers.useAnswer(profile, pending.uses, options);
        return this.answers.cardAnswer(profile, { ...options, focus: 'uses' });
      case 'card.uses':
        return this.answers.cardAnswer(profile, { ...options, focus: 'uses' });
      case 'card.obtain':
        return this.answers.obtainAnswer(profile, options);
      default:
        return this.answers.cardAnswer(profile, options);
    }
  }
}

export function partialOf(resolution: ProfileResolution): PartialProfile {
  switch (resolution.kind) {
    case 'needStatus':
      return { profession: resolution.profession };
    case 'needProfession':
      return { status: resolution.status };
    case 'ambiguous':
      return { ambiguity: { profiles: resolution.profiles, question: resolution.question } };
    default:
      return {};
  }
}
