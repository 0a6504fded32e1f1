/**
 * Runs one activity through the bot's CloudAdapter in-process, with deliveryMode
 * « expectReplies », and returns the bot's replies: the same adapter (and its error
 * handler), bot and state as /api/messages, without HTTP and without a Bot Framework
 * channel. Used by the web chat's local Direct Line and by the terminal chat.
 */
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import type { AuthenticateRequestResult, ConnectorFactory } from 'botframework-connector';

// The activity comes from the bot's own process, not from a channel: the turn runs as
// anonymous, and its replies never leave the process (expectReplies buffers them).
const connectorFactory: ConnectorFactory = {
  create: async () => new ConnectorClient(MicrosoftAppCredentials.Empty),
};
const IN_PROCESS: AuthenticateRequestResult = {
  audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
  claimsIdentity: new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType),
  connectorFactory,
};

export async function runDirectTurn(
  adapter: CloudAdapter,
  bot: { run(context: TurnContext): Promise<void> },
  activity: Partial<Activity>,
): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  const turn = { serviceUrl: 'http://localhost/in-process', ...activity, deliveryMode: 'expectReplies' } as Activity;
  await adapter.processActivityDirect(IN_PROCESS, turn, async (context) => {
    context.onSendActivities(async (_ctx, activities, next) => {
      replies.push(...activities);
      return next();
    });
    await bot.run(context);
  });
  return replies.filter((r) => r.type !== 'trace' && (r.type as string) !== 'invokeResponse');
}
