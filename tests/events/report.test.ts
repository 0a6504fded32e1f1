/**
 * `npm run report:usage` and `npm run purge:reviews` run as commands on a recorded test
 * session (session.ts: a week of conversations with the real bot, REVIEW_TEXTS on): the
 * figures in the JSON, the charts and grouped questions in the HTML, the events of one
 * conversation found from the reference a user gives, and the purge of what is past
 * retention.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymize, referenceOf } from '../../src/events/pseudonym';
import type { UsageReport } from '../../src/events/report';
import { FileEventStore } from '../../src/events/store';
import { dayOf, TurnEvent, UsageEvent } from '../../src/events/types';
import { SECRET } from './harness';
import { recordSession, SESSION_FROM, SESSION_TO } from './session';

let dir: string;
let out: string;
let report: UsageReport;
let html: string;
let stdout: string;

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, EVENTS_STORE: 'off', REVIEW_TEXTS: 'false', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cpx-session-'));
  out = path.join(dir, 'rapport');
  await recordSession(path.join(dir, 'events-store'));
  const r = run('scripts/report-usage.ts', ['--dir', path.join(dir, 'events-store'), '--from', SESSION_FROM, '--to', SESSION_TO, '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  stdout = r.stdout;
  report = JSON.parse(readFileSync(path.join(out, 'usage.json'), 'utf8')) as UsageReport;
  html = readFileSync(path.join(out, 'usage.html'), 'utf8');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run report:usage on a recorded session', () => {
  it('counts turns, conversations, outcomes, votes and offers of a person', async () => {
    const events = (await new FileEventStore(path.join(dir, 'events-store')).read('events')) as UsageEvent[];
    const turns = events.filter((e): e is TurnEvent => e.type === 'turn');
    expect(report.period).toEqual({ from: SESSION_FROM, to: SESSION_TO });
    expect(report.totals).toMatchObject({ turns: turns.length, conversations: 19, votesUp: 4, votesDown: 3 });
    expect(report.perDay).toHaveLength(7);
    expect(report.perDay.reduce((s, d) => s + d.turns, 0)).toBe(turns.length);
    expect(report.outcomes.reduce((s, o) => s + o.count, 0)).toBe(turns.length);
    expect(report.outcomes.find((o) => o.outcome === 'fallback')!.count).toBe(turns.filter((t) => t.outcome === 'fallback').length);
    expect(report.handoffs.notUseful).toBe(3);
    expect(report.handoffs.misunderstood).toBeGreaterThanOrEqual(1);
    expect(stdout).toMatch(new RegExp(`^Rapport d'usage du ${SESSION_FROM} au ${SESSION_TO}`));
  });

  it('ranks the answers marked « pas utile » and the intents asked back, and shows the « did you mean » choices', () => {
    expect(report.notUseful[0]).toMatchObject({ kind: 'use.access', subject: 'medecin-remplacant · dmp-read', down: 2, up: 0 });
    expect(report.askedBack[0]).toMatchObject({ intent: 'use.access', count: 3 });
    expect(report.didYouMean).toEqual([{ offered: ['card.uses', 'card.which'], chosen: { 'card.which': 1, 'card.uses': 1 }, ignored: 0 }]);
  });

  it('groups the unanswered questions by similarity, with a count, an example and where each belongs', () => {
    const vitale = report.unanswered.find((g) => g.example.includes('carte vitale bloquée'))!;
    expect(vitale.count).toBe(3);
    expect(vitale.variants.sort()).toEqual(['comment débloquer une carte vitale bloquée', 'ma carte vitale est bloquée, que faire ?']);
    expect(vitale.reasons).toEqual({ fallback: 3 });
    const chosen = report.unanswered.find((g) => g.example === 'IDE en rempla, c koi ma carte ?')!;
    expect(chosen.suggestion).toMatchObject({ type: 'intent', target: 'card.which', file: 'intents.yaml' });
    expect(report.unanswered.find((g) => g.example === 'puis-je consulter le DMP ?')!.suggestion).toMatchObject({ type: 'answer', target: 'use.access' });
    expect(report.unanswered.find((g) => g.example.includes('remboursement'))!.suggestion.type).toBe('outOfScope');
    for (const g of report.unanswered) expect(g.suggestion.text.length).toBeGreaterThan(10);
    // the texts were scrubbed before they were kept
    expect(JSON.stringify(report)).not.toMatch(/Martin|06 12/);
    expect(JSON.stringify(report)).toContain("je m'appelle [nom], mon numéro [téléphone]");
  });

  it('draws its charts as inline SVG, with no script and every user text escaped', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg role="img"/g)?.length).toBeGreaterThanOrEqual(4);
    for (const title of ['Tours par jour', 'Issue des tours', 'Réponses le plus souvent jugées « pas utiles »', 'Intentions le plus souvent redemandées', 'Questions sans réponse, regroupées']) expect(html).toContain(title);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org|adaptivecards)/);
    expect(html).toContain('IDE en rempla, c koi ma carte ?');
    expect(html).toContain('je m&#39;appelle [nom]');
  });

  it('finds the events of the conversation whose reference a user gives', () => {
    const reference = referenceOf(pseudonymize(SECRET, 'webchat', 'session-1-2'));
    const r = run('scripts/report-usage.ts', ['--dir', path.join(dir, 'events-store'), '--conversation', reference]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as UsageEvent);
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((e) => e.conv))).toEqual(new Set([pseudonymize(SECRET, 'webchat', 'session-1-2')]));
    expect(r.stderr).toContain(reference);
    expect(run('scripts/report-usage.ts', ['--dir', dir, '--conversation', 'n’importe quoi']).code).toBe(1);
  });
});

describe('npm run purge:reviews', () => {
  it('deletes the review texts past REVIEW_RETENTION_DAYS, and only them', () => {
    const copy = path.join(dir, 'copie');
    cpSync(path.join(dir, 'events-store'), copy, { recursive: true });
    const before = readdirSync(path.join(copy, 'reviews')).sort();
    expect(before).toHaveLength(7);
    const r = run('scripts/purge-reviews.ts', ['--dir', copy], { REVIEW_RETENTION_DAYS: '4' });
    expect(r.code).toBe(0);
    const cutoff = dayOf(new Date(Date.now() - 4 * 86_400_000));
    const kept = readdirSync(path.join(copy, 'reviews')).sort();
    expect(kept).toEqual(before.filter((f) => f.slice(0, 10) >= cutoff));
    expect(kept.length).toBeLessThan(before.length);
    // the pseudonymous events have their own, longer retention
    expect(readdirSync(path.join(copy, 'events'))).toHaveLength(7);
    expect(r.stdout).toContain('au-delà de 4 jours');
    expect(run('scripts/purge-reviews.ts', ['--dir', copy, '--all']).code).toBe(0);
    expect(readdirSync(path.join(copy, 'reviews'))).toEqual([]);
  });
});
