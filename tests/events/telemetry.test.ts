/**
 * Telemetry for operations (src/events/telemetry.ts): nothing without an OTLP endpoint;
 * with one, counts and latencies of turns and votes reach an OTLP/HTTP receiver (a
 * stand-in collector on loopback) — from the module, and from the real entry point
 * configured with the standard OpenTelemetry variables. Only numbers and short labels.
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelemetry, NO_TELEMETRY } from '../../src/events/telemetry';
import { activity } from '../bot/appHarness';
import { startBotProcess } from '../bot/processes';

let collector: Server;
let base = '';
const received: Array<{ path: string; type: string; body: string }> = [];

beforeAll(async () => {
  collector = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ path: req.url ?? '', type: String(req.headers['content-type']), body });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(() => collector?.close());

/** The metric names and attribute values an OTLP/JSON export holds. */
function metrics(body: string): { names: string[]; labels: string[] } {
  const json = JSON.parse(body) as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Array<Record<string, any>> }> }> };
  const all = json.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
  const points = all.flatMap((m) => (m.sum ?? m.histogram ?? m.gauge)?.dataPoints ?? []);
  return { names: all.map((m) => m.name), labels: points.flatMap((p: any) => (p.attributes ?? []).map((a: any) => `${a.key}=${a.value.stringValue}`)) };
}

describe('telemetry', () => {
  it('is off without an endpoint', () => {
    expect(createTelemetry({ url: '' })).toBe(NO_TELEMETRY);
  });

  it('exports turn and vote counts and latencies over OTLP/HTTP', async () => {
    received.length = 0;
    const t = createTelemetry({ url: `${base}/v1/metrics`, intervalMs: 60_000 });
    t.turn('webchat', 'answered', 42);
    t.turn('msteams', 'fallback', 7);
    t.feedback('webchat', 'down');
    await t.shutdown(); // exports what is left
    expect(received.length).toBeGreaterThan(0);
    expect(received[0].path).toBe('/v1/metrics');
    expect(received[0].type).toContain('application/json');
    const { names, labels } = metrics(received[0].body);
    expect(names.sort()).toEqual(['cpx.feedback', 'cpx.turn.duration', 'cpx.turns']);
    expect(labels).toEqual(expect.arrayContaining(['channel=webchat', 'outcome=answered', 'channel=msteams', 'outcome=fallback', 'vote=down']));
  });

  it('is configured with the standard variables in the running bot', async () => {
    received.length = 0;
    const bot = await startBotProcess({ OTEL_EXPORTER_OTLP_ENDPOINT: base, OTEL_METRIC_EXPORT_INTERVAL: '300' });
    try {
      const r = await fetch(`${bot.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity('comment obtenir ma carte ?', 'otel-1')) });
      expect(r.status).toBe(200);
      await expect.poll(() => received.some((x) => metrics(x.body).names.includes('cpx.turns')), { timeout: 10_000 }).toBe(true);
      const all = received.map((x) => x.body).join('');
      expect(all).toContain('"outcome"');
      expect(all).not.toMatch(/obtenir|otel-1/);
      expect(bot.output()).toContain('"telemetry":"otlp"');
    } finally {
      await bot.stop('SIGTERM');
    }
  }, 40_000);
});
