/**
 * One turn, its state saved with ETags, and its replies held until the state is saved.
 *
 * Two instances behind a load balancer may receive two messages of the same conversation
 * at once. Both read the state at the same ETag; the second to save gets an eTag
 * conflict from the storage. Then the turn is run again on freshly read state (so the
 * second message is understood after the first), and only the replies of the attempt
 * whose state was saved reach the user. After the last attempt the user is told clearly
 * that the message was not taken into account.
 */
import type { Activity, BotState, ResourceResponse, TurnContext } from 'botbuilder';
import { isETagConflict } from './storage';

export const MAX_TURN_ATTEMPTS = 3;

export class StateConflictError extends Error {
  constructor() {
    super('state conflict: the conversation was changed by another turn at the same time');
    this.name = 'StateConflictError';
  }
}

/**
 * Runs `logic` then saves `states`; on an eTag conflict, reloads the states and runs the
 * turn again (at most `attempts` times), after a short random pause. Replies sent during
 * an attempt are held and delivered only once its state is saved. Throws
 * StateConflictError when every attempt conflicted.
 */
export async function runSavingState(
  context: TurnContext,
  states: BotState[],
  logic: () => Promise<void>,
  attempts = MAX_TURN_ATTEMPTS,
): Promise<{ attempts: number }> {
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
      for (const state of states) await state.saveChanges(context, false);
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
    holding = false;
    const send = held;
    held = [];
    for (const next of send) await next();
    return { attempts: attempt };
  }
  holding = false;
  throw new StateConflictError();
}
