/**
 * One turn, its state saved so that it is committed whole or not at all, and its replies
 * held until then.
 *
 * Two instances behind a load balancer may receive two messages of the same conversation
 * at once. Both read the conversation state at the same ETag; the second to save gets an
 * eTag conflict from the storage, and nothing of its turn is written. Then the turn is
 * run again on freshly read state (so the second message is understood after the first),
 * and only the replies of the attempt whose state was saved reach the user. After the
 * last attempt the user is told clearly that the message was not taken into account.
 *
 * The first state given (the conversation) is the one guarded by its ETag: once it is
 * saved, the turn is committed. The others (the user profile) are written after it, last
 * writer wins; whatever happens to them, the turn is never run again (it would run on a
 * conversation that has already moved on): the replies are delivered, then the error is
 * raised as a PartialSaveError for the adapter's error handler to log.
 */
import type { Activity, BotState, ResourceResponse, TurnContext } from 'botbuilder';
import { isETagConflict } from './storage';

const MAX_TURN_ATTEMPTS = 3;

export class StateConflictError extends Error {
  constructor() {
    super('state conflict: the conversation was changed by another turn at the same time');
    this.name = 'StateConflictError';
  }
}

/** The turn's conversation was saved and its replies sent, but a later state (the user's) was not saved. */
export class PartialSaveError extends Error {
  constructor(override readonly cause: unknown) {
    super(`turn saved, user state not saved: ${(cause as Error)?.message ?? cause}`);
    this.name = 'PartialSaveError';
  }
}

/**
 * Runs `logic` then saves `states` (the first guarded by its ETag, the others after it);
 * on an eTag conflict of the first, reloads the states and runs the turn again (at most
 * `attempts` times), after a short random pause. Replies sent during an attempt are held
 * and delivered only once its first state is saved. Throws StateConflictError when every
 * attempt conflicted, PartialSaveError (after delivering the replies) when a later state
 * could not be saved.
 */
export async function runSavingState(
  context: TurnContext,
  states: BotState[],
  logic: () => Promise<void>,
  attempts = MAX_TURN_ATTEMPTS,
): Promise<{ attempts: number }> {
  const [guarded, ...others] = states;
  let held: Array<() => Promise<ResourceResponse[]>> = [];
  let holding = true;
  context.onSendActivities(async (_ctx, activities: Partial<Activity>[], next) => {
    if (!holding) return next();
    held.push(next as () => Promise<ResourceResponse[]>);
    return activities.map(() => ({ id: '' }));
  });

  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await logic();
      await guarded?.saveChanges(context, false);
    } catch (err) {
      if (!isETagConflict(err)) {
        holding = false;
        throw err;
      }
      held = [];
      if (attempt === attempts) break;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      for (const state of states) await state.load(context, true);
      continue;
    }
    // committed: from here on, nothing runs the turn again
    let unsaved: unknown;
    for (const state of others) {
      try {
        await state.saveChanges(context, false);
      } catch (err) {
        unsaved ??= err;
      }
    }
    holding = false;
    const send = held;
    held = [];
    for (const next of send) await next();
    if (unsaved !== undefined) throw new PartialSaveError(unsaved);
    return { attempts: attempt };
  }
  holding = false;
  throw new StateConflictError();
}
