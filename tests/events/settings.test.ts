/**
 * The settings of learning from use: embedded defaults (events in a local folder, no
 * review text, no telemetry), production (events beside the state in Blob Storage), and
 * refusals that name the variable.
 */
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../src/settings';

describe('learning settings', () => {
  it('keep pseudonymous events in a local folder, no text and no telemetry by default', () => {
    expect(loadSettings({})).toMatchObject({
      eventsStore: 'file',
      eventsDir: 'data/events',
      eventsSecret: '',
      eventsRetentionDays: 395,
      reviewTexts: false,
      reviewRetentionDays: 30,
      otlpMetricsEndpoint: '',
    });
  });

  it('put the events beside the state in Blob Storage in production', () => {
    const s = loadSettings({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', REVIEW_TEXTS: 'oui', REVIEW_RETENTION_DAYS: '14', EVENTS_SECRET: 'x'.repeat(40) });
    expect(s).toMatchObject({ eventsStore: 'blob', eventsContainer: 'cpx-events', reviewTexts: true, reviewRetentionDays: 14, eventsSecret: 'x'.repeat(40) });
    expect(loadSettings({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'x', EVENTS_STORE: 'off' }).eventsStore).toBe('off');
  });

  it('export metrics only when an OTLP endpoint is given', () => {
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collecteur:4318/' }).otlpMetricsEndpoint).toBe('http://collecteur:4318/v1/metrics');
    expect(loadSettings({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://otlp.example/v1/metrics', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://autre:4318' }).otlpMetricsEndpoint).toBe('https://otlp.example/v1/metrics');
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collecteur:4318', OTEL_SDK_DISABLED: 'true' }).otlpMetricsEndpoint).toBe('');
  });

  it.each([
    [{ EVENTS_STORE: 'redis' }, 'EVENTS_STORE'],
    [{ EVENTS_STORE: 'blob' }, 'BLOB_CONNECTION_STRING'],
    [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'x', EVENTS_CONTAINER: 'cpx-state' }, 'EVENTS_CONTAINER'],
    [{ EVENTS_SECRET: 'court' }, 'EVENTS_SECRET'],
    [{ REVIEW_TEXTS: 'peut-être' }, 'REVIEW_TEXTS'],
    [{ REVIEW_TEXTS: 'true', EVENTS_STORE: 'off' }, 'REVIEW_TEXTS'],
    [{ REVIEW_RETENTION_DAYS: '365' }, 'REVIEW_RETENTION_DAYS'],
    [{ EVENTS_RETENTION_DAYS: '0' }, 'EVENTS_RETENTION_DAYS'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collecteur:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
  ])('refuse %o naming %s', (env, variable) => {
    expect(() => loadSettings(env)).toThrow(SettingsError);
    expect(() => loadSettings(env)).toThrow(variable);
  });
});
