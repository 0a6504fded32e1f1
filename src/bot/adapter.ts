/**
 * The CloudAdapter and its error handler. Without MicrosoftAppId the bot runs anonymously
 * (local use, Bot Framework Emulator); with it, every request must carry a valid Bot
 * Framework token.
 */
import { Activity, CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, InvokeResponse, TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Answer } from '../answers/answer';
import type { Answers } from '../answers/compose';
import { toActivity } from '../dialogs/activities';
import type { Logger } from '../logger';
import type { Settings } from '../settings';
import { FailClosedAuthentication } from '../http/security';
import { PartialSaveError } from '../state/turnGuard';

/**
 * The CloudAdapter, with its turn reachable from our own HTTP route: `process(req, res, …)`
 * checks the request, the response object and the body with zod on every call (~0.1 ms a
 * turn under load); the route has already checked the body (http/server.ts).
 */
export class CpxAdapter extends CloudAdapter {
  /** Authenticates and runs one activity; the invoke response to send back, if any. */
  runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(
  settings: Pick<Settings, 'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppType' | 'microsoftAppTenantId'> &
    Partial<Pick<Settings, 'toBotFromChannelOpenIdMetadataUrl' | 'toBotFromEmulatorOpenIdMetadataUrl' | 'authTimeoutMs' | 'allowedServiceUrls' | 'outboundTimeoutMs'>>,
  conversationState: ConversationState,
  answers: Answers,
  logger: Logger,
  errorAnswer?: (context: TurnContext) => Answer,
): CpxAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.microsoftAppId,
    MicrosoftAppPassword: settings.microsoftAppPassword,
    MicrosoftAppType: settings.microsoftAppType,
    MicrosoftAppTenantId: settings.microsoftAppTenantId,
    ...openIdOverrides(settings),
  });
  // any token that cannot be checked is refused with 401, never a 500 or a wait; replies go
  // only where the outbound policy allows, each call bounded in time
  const outbound = { anonymous: !settings.microsoftAppId, allowed: settings.allowedServiceUrls ?? [], timeoutMs: settings.outboundTimeoutMs };
  const adapter = new CpxAdapter(new FailClosedAuthentication(auth, logger, settings.authTimeoutMs ?? 5000, outbound));
  adapter.onTurnError = onTurnError(conversationState, answers, logger, errorAnswer);
  return adapter;
}

/**
 * Other OpenID metadata than Microsoft's (a sovereign cloud, or a test's own key
 * service): once one value is given, the SDK takes every value from the configuration, so
 * the others keep the public cloud's.
 */
function openIdOverrides(settings: Partial<Pick<Settings, 'toBotFromChannelOpenIdMetadataUrl' | 'toBotFromEmulatorOpenIdMetadataUrl'>>) {
  if (!settings.toBotFromChannelOpenIdMetadataUrl && !settings.toBotFromEmulatorOpenIdMetadataUrl) return {};
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ToBotFromChannelOpenIdMetadataUrl: settings.toBotFromChannelOpenIdMetadataUrl || AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: settings.toBotFromEmulatorOpenIdMetadataUrl || AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  };
}

/**
 * A turn that throws: one log line without the user's text, an apology to the user, and
 * the conversation's dialog state cleared so that the next message starts afresh (the
 * user's profile, kept in the user state, is not lost). A turn whose conversation was
 * saved but whose user state was not (PartialSaveError) is only logged: its replies are
 * sent and its conversation is whole. `errorAnswer` words the apology (with the
 * conversation's reference for the support, see bot/learning.ts).
 */
export function onTurnError(conversationState: ConversationState, answers: Answers, logger: Logger, errorAnswer: (context: TurnContext) => Answer = () => answers.error()) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    if (error instanceof PartialSaveError) {
      // the conversation was saved and the replies sent: keep both, say what was lost
      logger.error({ channel: context.activity?.channelId, type: context.activity?.type, err: { name: (error.cause as Error)?.name, message: (error.cause as Error)?.message } }, 'turn saved, user state not saved');
      return;
    }
    logger.error(
      { channel: context.activity?.channelId, type: context.activity?.type, err: { name: error?.name, message: error?.message, stack: error?.stack } },
      'turn failed',
    );
    try {
      await conversationState.delete(context);
    } catch (e) {
      logger.warn({ err: { message: (e as Error)?.message } }, 'could not clear the conversation state');
    }
    try {
      await context.sendActivity(toActivity(errorAnswer(context), answers.labels));
    } catch (e) {
      logger.warn({ err: { message: (e as Error)?.message } }, 'could not send the apology');
    }
  };
}
