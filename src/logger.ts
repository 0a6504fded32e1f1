/**
 * The structured logger (pino). By default it never writes what users type nor their
 * names: the bot runs in a health context (GDPR). Secrets are redacted.
 */
import pino, { Logger } from 'pino';
import type { Settings } from './settings';

export type { Logger };

export function createLogger(settings: Pick<Settings, 'logLevel' | 'logUserText'>, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level: settings.logLevel,
      base: { app: 'assistant-cartes-cpx' },
      redact: {
        paths: ['*.password', '*.MicrosoftAppPassword', '*.authorization', '*.Authorization', 'req.headers.authorization', '*.token', '*.secret'],
        censor: '[masqué]',
      },
    },
    destination,
  );
  if (settings.logUserText) {
    logger.warn('LOG_USER_TEXT est activé : les messages des utilisateurs sont écrits dans les journaux. À réserver au débogage, jamais en production.');
  }
  return logger;
}
