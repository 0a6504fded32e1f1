/**
 * Telemetry for operations, off by default: counts and latencies of turns and feedback
 * exported with OpenTelemetry (OTLP over HTTP) when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) is set. Only numbers and short labels (channel,
 * outcome, vote) leave the process; the OpenTelemetry SDK is loaded only then.
 *   cpx.turns            counter    {channel, outcome}
 *   cpx.turn.duration    histogram  ms, {channel, outcome}
 *   cpx.feedback         counter    {channel, vote}
 */
import type { Outcome, Vote } from './types';

export interface Telemetry {
  turn(channel: string, outcome: Outcome, latencyMs: number): void;
  feedback(channel: string, vote: Vote): void;
  /** exports what is left and stops */
  shutdown(): Promise<void>;
}

export const NO_TELEMETRY: Telemetry = {
  turn: () => undefined,
  feedback: () => undefined,
  shutdown: async () => undefined,
};

export interface TelemetryOptions {
  /** OTLP/HTTP metrics URL (…/v1/metrics) */
  url: string;
  intervalMs?: number;
  serviceName?: string;
}

export function createTelemetry(options: TelemetryOptions): Telemetry {
  if (!options.url) return NO_TELEMETRY;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url: options.url }),
    exportIntervalMillis: options.intervalMs ?? 60_000,
    exportTimeoutMillis: Math.min(30_000, options.intervalMs ?? 30_000),
  });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'assistant-cartes-cpx' }), readers: [reader] });
  const meter = provider.getMeter('assistant-cartes-cpx');
  const turns = meter.createCounter('cpx.turns', { description: 'Tours de conversation (messages des utilisateurs)' });
  const duration = meter.createHistogram('cpx.turn.duration', { description: 'Durée de traitement d’un tour', unit: 'ms' });
  const feedback = meter.createCounter('cpx.feedback', { description: 'Avis sur les réponses' });
  return {
    turn(channel, outcome, latencyMs) {
      turns.add(1, { channel, outcome });
      duration.record(latencyMs, { channel, outcome });
    },
    feedback(channel, vote) {
      feedback.add(1, { channel, vote });
    },
    async shutdown() {
      await provider.shutdown();
    },
  };
}
