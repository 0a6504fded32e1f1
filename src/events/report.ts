/**
 * The usage report's figures, from the events and review texts of a period: turns per
 * day, outcomes, channels, latency, the answers most often marked « pas utile », the
 * intents most often asked back, the « did you mean » choices, the offers of a person and
 * the unanswered questions grouped (grouping.ts). The same figures feed the HTML page
 * (reportHtml.ts) and the JSON file of `npm run report:usage`.
 */
import type { QuestionGrouper, QuestionGroup } from './grouping';
import type { ChoiceEvent, FeedbackEvent, HandoffEvent, Outcome, ReviewText, TurnEvent, UsageEvent } from './types';
import { dayOf } from './types';

const OUTCOMES: Outcome[] = ['answered', 'askedBack', 'fallback', 'other', 'error'];

export interface UsageReport {
  generatedAt: string;
  period: { from: string; to: string };
  totals: {
    turns: number;
    conversations: number;
    votesUp: number;
    votesDown: number;
    handoffs: number;
    reviewTexts: number;
  };
  perDay: Array<{ day: string; turns: number; fallback: number; conversations: number }>;
  outcomes: Array<{ outcome: Outcome; count: number; share: number }>;
  channels: Array<{ channel: string; turns: number }>;
  latencyMs: { p50: number; p95: number; max: number };
  /** the answers most often marked « pas utile », by kind and subject */
  notUseful: Array<{ kind: string; subject?: string; down: number; up: number }>;
  /** the intents most often asked back */
  askedBack: Array<{ intent: string; count: number; share: number }>;
  didYouMean: Array<{ offered: string[]; chosen: Record<string, number>; ignored: number }>;
  handoffs: { misunderstood: number; notUseful: number };
  /** review texts grouped (empty when the CPAM did not opt in) */
  unanswered: QuestionGroup[];
  /** comments written in Teams' feedback form (scrubbed) */
  comments: Array<{ at: string; kind?: string; text: string }>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function share(n: number, total: number): number {
  return total > 0 ? Math.round((n / total) * 1000) / 10 : 0;
}

/** Every day from `from` to `to`, included. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); dayOf(d) <= to && out.length < 3700; d = new Date(d.getTime() + 86_400_000)) out.push(dayOf(d));
  return out;
}

export function buildReport(input: { events: UsageEvent[]; reviews: ReviewText[]; from: string; to: string; grouper?: QuestionGrouper; now?: Date }): UsageReport {
  const inPeriod = <T extends { at: string }>(x: T) => dayOf(x.at) >= input.from && dayOf(x.at) <= input.to;
  const events = input.events.filter(inPeriod);
  const reviews = input.reviews.filter(inPeriod);
  const turns = events.filter((e): e is TurnEvent => e.type === 'turn');
  const feedback = events.filter((e): e is FeedbackEvent => e.type === 'feedback');
  const choices = events.filter((e): e is ChoiceEvent => e.type === 'didYouMean');
  const handoffs = events.filter((e): e is HandoffEvent => e.type === 'handoff');

  const perDay = new Map(daysBetween(input.from, input.to).map((d) => [d, { day: d, turns: 0, fallback: 0, conversations: new Set<string>() }]));
  for (const t of turns) {
    const d = perDay.get(dayOf(t.at));
    if (!d) continue;
    d.turns++;
    if (t.outcome === 'fallback') d.fallback++;
    d.conversations.add(t.conv);
  }

  const outcomeCount = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  const channels = new Map<string, number>();
  for (const t of turns) {
    outcomeCount.set(t.outcome, (outcomeCount.get(t.outcome) ?? 0) + 1);
    channels.set(t.channel, (channels.get(t.channel) ?? 0) + 1);
  }
  const latencies = turns.map((t) => t.latencyMs).filter((n) => Number.isFinite(n)).sort((a, b) => a - b);

  // every vote counts (a user who changes their mind counts twice: rare, and both are signals)
  const byAnswer = new Map<string, { kind: string; subject?: string; down: number; up: number }>();
  for (const f of feedback) {
    const key = `${f.kind ?? '?'}|${f.subject ?? ''}`;
    const a = byAnswer.get(key) ?? { kind: f.kind ?? '?', ...(f.subject ? { subject: f.subject } : {}), down: 0, up: 0 };
    a[f.vote === 'down' ? 'down' : 'up']++;
    byAnswer.set(key, a);
  }

  const askedBack = new Map<string, number>();
  const askedTotal = turns.filter((t) => t.outcome === 'askedBack').length;
  for (const t of turns) if (t.outcome === 'askedBack' && t.intent) askedBack.set(t.intent, (askedBack.get(t.intent) ?? 0) + 1);

  const pairs = new Map<string, { offered: string[]; chosen: Record<string, number>; ignored: number }>();
  for (const c of choices) {
    const key = c.offered.join(' | ');
    const p = pairs.get(key) ?? { offered: c.offered, chosen: {}, ignored: 0 };
    if (c.chosen) p.chosen[c.chosen] = (p.chosen[c.chosen] ?? 0) + 1;
    else p.ignored++;
    pairs.set(key, p);
  }

  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    period: { from: input.from, to: input.to },
    totals: {
      turns: turns.length,
      conversations: new Set(turns.map((t) => t.conv)).size,
      votesUp: feedback.filter((f) => f.vote === 'up').length,
      votesDown: feedback.filter((f) => f.vote === 'down').length,
      handoffs: handoffs.length,
      reviewTexts: reviews.length,
    },
    perDay: [...perDay.values()].map((d) => ({ day: d.day, turns: d.turns, fallback: d.fallback, conversations: d.conversations.size })),
    outcomes: OUTCOMES.map((o) => ({ outcome: o, count: outcomeCount.get(o) ?? 0, share: share(outcomeCount.get(o) ?? 0, turns.length) })),
    channels: [...channels.entries()].map(([channel, n]) => ({ channel, turns: n })).sort((a, b) => b.turns - a.turns),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies[latencies.length - 1] ?? 0 },
    notUseful: [...byAnswer.values()].filter((a) => a.down > 0).sort((a, b) => b.down - a.down || a.up - b.up || a.kind.localeCompare(b.kind)).slice(0, 10),
    askedBack: [...askedBack.entries()].map(([intent, count]) => ({ intent, count, share: share(count, askedTotal) })).sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)).slice(0, 10),
    didYouMean: [...pairs.values()].sort((a, b) => Object.values(b.chosen).reduce((s, n) => s + n, b.ignored) - Object.values(a.chosen).reduce((s, n) => s + n, a.ignored)),
    handoffs: { misunderstood: handoffs.filter((h) => h.reason === 'misunderstood').length, notUseful: handoffs.filter((h) => h.reason === 'notUseful').length },
    unanswered: input.grouper ? input.grouper.group(reviews) : [],
    comments: reviews.filter((r) => r.reason === 'comment').slice(-20).map((r) => ({ at: r.at, ...(r.kind ? { kind: r.kind } : {}), text: r.text })),
  };
}
