/** What the bot keeps between turns. */

/** Kept per user: the profile of the guide the user said they are. */
export interface UserProfileState {
  profileId?: string;
}

/** A question that needs the user's profile, kept to answer it once the profile is known. */
export interface PendingQuestion {
  intent: string;
  uses: string[];
}

/** Kept per conversation: the last question asked that depended on the profile. */
export interface ConversationMemory {
  last?: PendingQuestion;
}
