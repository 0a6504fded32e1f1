/**
 * Entry point: only wires settings → knowledge → storage → adapter and bot → server
 * (the composition itself is in src/bot/app.ts, shared with the terminal chat and tests).
 */
import { Answers } from './answers/compose';
import { checkEveryAnswer } from './answers/everything';
import { createHttpApp } from './bot/app';
import { paceHeapGrowth } from './http/heap';
import { installGracefulShutdown } from './http/shutdown';
import { createStorage } from './state/storage';
import { createEventRecorder } from './events';
import { createTelemetry } from './events/telemetry';
import { KnowledgeError, loadKnowledgeBase } from './knowledge/load';
import { createLogger } from './logger';
import { KeywordRecognizer } from './nlu/recognizer';
import { loadSettings, startupWarnings } from './settings';

async function main(): Promise<void> {
  paceHeapGrowth();
  const settings = loadSettings();
  const logger = createLogger(settings);
  for (const warning of startupWarnings(settings)) logger.warn(warning);
  const kb = settings.knowledgeDir ? loadKnowledgeBase(settings.knowledgeDir) : loadKnowledgeBase();
  // a content change that leaves an answer without wording is refused here too, as by kb:check
  const problems = checkEveryAnswer(kb);
  if (problems.length > 0) throw new KnowledgeError(problems);
  const recognizer = new KeywordRecognizer(kb);
  const answers = new Answers(kb);
  const storage = createStorage(settings);
  // learning from use: pseudonymous events (and review texts when opted in), OpenTelemetry when configured
  const events = await createEventRecorder(settings, logger);
  events?.schedulePurge();
  const telemetry = createTelemetry({ url: settings.otlpMetricsEndpoint, intervalMs: settings.otlpExportIntervalMs });

  const { server, drain } = createHttpApp({ settings, logger, kb, recognizer, answers, storage, events, telemetry });
  installGracefulShutdown({
    server,
    drain,
    logger,
    timeoutMs: settings.shutdownTimeoutMs,
    onClosed: async () => {
      await events?.close();
      await telemetry.shutdown();
    },
  });

  server.listen(settings.port, settings.host, () => {
    logger.info(
      {
        url: `http://localhost:${settings.port}`,
        host: settings.host,
        auth: settings.microsoftAppId ? 'bot-framework' : 'anonymous',
        storage: settings.storage,
        events: settings.eventsStore,
        reviewTexts: settings.reviewTexts,
        telemetry: settings.otlpMetricsEndpoint ? 'otlp' : 'off',
        profiles: kb.profiles.size,
      },
      'assistant cartes CPx prêt',
    );
  });
}

main().catch((err) => {
  // settings or knowledge refused: say why, with the variable or the file, and stop
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
