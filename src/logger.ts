/**
 * The structured logger (pino). By default it never writes what users type nor their
 * names: the bot runs in a health context (GDPR). Secrets are redacted.
 */
import pino, { Logger } from 'pino';
import type { Settings } from './settings';

export type { Logger };

const REDACTED = ['*.password', '*.MicrosoftAppPassword', '*.authorization', '*.Authorization', 'req.headers.authorization', '*.token', '*.secret'];

export function createLogger(settings: Pick<Settings, 'logLevel' | 'logUserText'>, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level: settings.logLevel,
      base: { app: 'assistant-cartes-cpx' },
      redact: { paths: REDACTED, censor: '[masqué]' },
    },
    destination,
  );
  if (settings.logUserText) {
    logger.warn('LOG_USER_TEXT est activé : les messages des utilisateurs sont écrits dans les journaux. À réserver au débogage, jamais en production.');
  }
  return logger;
}

/**
 * The logger restify writes with (its own would be a second pino, at level info, to
 * stdout, with request bodies and client addresses): the app's, same level, destination
 * and redaction, whose serializers keep of a request, a response or an error only what
 * cannot hold what a user sent or where from.
 */
export function httpLogger(logger: Logger): Logger {
  return logger.child(
    { component: 'http' },
    {
      serializers: {
        req: (req: { method?: string; getRoute?: () => { path?: unknown } | undefined }) => ({ method: req?.method, route: String(req?.getRoute?.()?.path ?? '') }),
        res: (res: { statusCode?: number }) => ({ statusCode: res?.statusCode }),
        err: (err: { name?: string; statusCode?: number }) => ({ name: err?.name, statusCode: err?.statusCode }),
      },
      redact: { paths: [...REDACTED, 'value', 'address', 'user', 'url', 'body', 'config'], censor: '[masqué]' },
    },
  );
}
