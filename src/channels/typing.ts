/**
 * The typing indicator, when a turn takes longer than a moment: the SDK's
 * ShowTypingMiddleware (a « typing » activity after one second, then every three), for
 * the channels that receive replies as they are sent (Teams, Azure Direct Line). A turn in
 * « expectReplies » mode (the local web chat, the terminal) returns its replies all at
 * once: the typing would arrive with the answer, so the page shows its own indicator
 * (public/app.js).
 */
import { ShowTypingMiddleware, TurnContext } from 'botbuilder';

export class TypingIndicator extends ShowTypingMiddleware {
  constructor(delayMs = 1000, periodMs = 3000) {
    super(delayMs, periodMs);
  }

  override onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.deliveryMode === 'expectReplies') return next();
    return super.onTurn(context, next);
  }
}
