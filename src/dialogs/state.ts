/** What the bot keeps between turns. */
import type { IntentId } from '../domain/intents';

/** Kept per user: the page of the guide the user said they are, or what is known of it. */
export interface UserProfileState {
  profileId?: string;
  /** a profession said without its status (« je suis infirmière, ma carte est cassée ») */
  profession?: string;
  /** the user writes in the feminine */
  feminine?: boolean;
  /** the user is not covered by the guide (the page kept is the nearest one) */
  uncovered?: string;
  /** the user gave a status that has no page for the profession (« pharmacien hospitalier »): the page kept is a guess */
  statusIgnored?: string;
  /** a second activity of the user, on another page of the same profession (« PH, et une consultation libérale en ville »): profileId is the first */
  secondProfileId?: string;
  /** the profession of whoever employs the user (« je suis prépa »: a pharmacist): « ma titulaire » is of that profession */
  employer?: string;
}

/**
 * The activity chosen by someone with two (« PH, et des consultations libérales »): both are kept, the one chosen first
 * (« et pour signer ? » goes on with it); undefined when the page is not one of the two.
 */
export function withActivityChosen(user: UserProfileState, profileId: string): Pick<UserProfileState, 'profileId' | 'secondProfileId'> | undefined {
  const pair = [user.profileId, user.secondProfileId];
  if (!user.secondProfileId || !pair.includes(profileId)) return undefined;
  return { profileId, secondProfileId: pair.find((id) => id !== profileId) };
}

/** A question that needs a page, kept to answer it once the page is known. */
export interface PendingQuestion {
  intent: IntentId;
  uses: string[];
  /** the question is about someone else's card */
  about?: 'self' | 'other';
  /** that person's page */
  subjectProfileId?: string;
  /** that person is not covered by the guide (« mon assistante dentaire »): their page is the nearest one, a guess */
  subjectUncovered?: string;
  /** that person is an employee of the asker: their page follows from the asker's profession */
  staff?: boolean;
  /** the bot asked who « lui » is: the next person named is the one asked about, not the asker */
  askedWho?: boolean;
  /** a second question of the same message, offered as a button with the answer */
  another?: string;
  /** someone of the asker's own profession (« mon remplaçant »), whose profession the bot asked: the answer also says the asker's */
  sharesProfession?: boolean;
  /** the page of a situation to come that the answer spoke of or the asker announced (« je m'installe en septembre »): « et dans ce cas ? » stays on it */
  thenProfileId?: string;
  /** each use was named (« lire le DMP ou seulement y ajouter ? »): each gets its verdict, none is dropped for the steps a page allows */
  eachUse?: boolean;
  /** nothing was asked (« je suis podologue »): the status is asked for the card of that page; a question answered meanwhile ends it */
  implied?: boolean;
}

/** Kept per conversation: the last question asked that depended on a page. */
export interface ConversationMemory {
  last?: PendingQuestion;
  /** the page of the last person asked about (« elle pourra … ? » two questions later) */
  other?: string;
}

/** The memory after a question: the question, and the person it was about if not the asker. */
export function remembering(memory: ConversationMemory, last: PendingQuestion): ConversationMemory {
  return { ...memory, last, ...(last.about === 'other' && last.subjectProfileId ? { other: last.subjectProfileId } : {}) };
}
