/**
 * Learning from use in a real browser (Debian's headless Chromium driven by
 * playwright-core), against the real entry point started as a process with its events in
 * a folder and REVIEW_TEXTS on:
 *  - an answer, « pas utile » pressed on Web Chat's own feedback button, the thanks and
 *    the offer of a person, the e-mail that carries the question only once asked for;
 *  - the typing indicator when a turn takes longer than a moment;
 *  - a reload that keeps the conversation (history shown again, no second welcome, the
 *    profile still known), then « Nouvelle conversation », which starts afresh;
 *  - the vote and the turns found in the event store, no user text in the bot's logs;
 *  - the usage report of a recorded week, opened in the browser, for the docs' screenshot.
 * Screenshots are written to test-output/ (copies for the docs live in docs/screenshots).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileEventStore } from '../../src/events/store';
import type { FeedbackEvent, ReviewText, TurnEvent, UsageEvent } from '../../src/events/types';
import { BotProcess, startBotProcess } from '../bot/processes';
import { recordSession, SESSION_FROM, SESSION_TO } from '../events/session';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.resolve('test-output');
const WELCOME = /^Bonjour, je suis l.assistant cartes CPx/;

let browser: Browser;
let bot: BotProcess;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (see .ci/run)`);
  mkdirSync(OUT, { recursive: true });
  dir = mkdtempSync(path.join(tmpdir(), 'cpx-apprendre-'));
  [browser, bot] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'] }),
    startBotProcess({ EVENTS_STORE: 'file', EVENTS_DIR: path.join(dir, 'events'), REVIEW_TEXTS: 'true', LOG_LEVEL: 'info' }),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bot?.stop('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A page that records what it must never do (break its CSP, throw) and the URLs it opens. */
async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().startsWith('CSP')) problems.push(m.text());
  });
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', function (e) { console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });" +
      'window.__ouverts = []; window.open = function (url) { window.__ouverts.push(String(url)); return null; };',
  });
  return { page, problems };
}

async function ask(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox').first();
  await box.fill(text);
  await box.press('Enter');
  await page.getByText(text, { exact: true }).first().waitFor();
}

const opened = (page: Page) => page.evaluate(() => (globalThis as unknown as { __ouverts: string[] }).__ouverts);

describe('learning from use in Chromium', () => {
  it('an answer, « pas utile », the offer of a person, a reload that keeps the conversation, « Nouvelle conversation »', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${bot.base}/`);
    await page.getByText(WELCOME).first().waitFor({ timeout: 20_000 });

    // the typing indicator: this turn is made to take a second and a half
    await page.route('**/v3/directline/conversations/*/activities', async (route) => {
      if (route.request().method() === 'POST' && (route.request().postData() ?? '').includes('"message"')) await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await ask(page, 'je suis médecin remplaçant, puis-je consulter le DMP ?');
    await page.locator('.webchat__typing-indicator').first().waitFor({ timeout: 5_000 });
    const verdict = page.getByText(/non : en tant que médecin remplaçant/).first();
    await verdict.waitFor({ timeout: 15_000 });
    await page.unroute('**/v3/directline/conversations/*/activities');

    // Web Chat's own feedback buttons, under the answer only
    const notUseful = page.getByRole('button', { name: 'Pas utile', exact: true });
    await expect.poll(() => notUseful.count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Utile', exact: true }).count()).toBe(1);
    await notUseful.click();
    await page.getByText(/^Merci de l.avoir signalé/).first().waitFor({ timeout: 10_000 });
    await page.getByText(/Les délégués numérique en santé de la CPAM de Vendée vous aident/).first().waitFor();
    await page.waitForTimeout(700);
    await page.screenshot({ path: path.join(OUT, 'widget-avis.png') });

    // the e-mail without the question, then with it once asked for
    await page.getByRole('button', { name: 'Écrire un courriel' }).last().click();
    await expect.poll(() => opened(page)).toHaveLength(1);
    const [plain] = await opened(page);
    expect(plain).toMatch(/^mailto:dns85\.cpam-vendee@assurance-maladie\.fr\?subject=/);
    expect(decodeURIComponent(plain)).not.toContain('DMP');
    await page.getByRole('button', { name: 'Mettre ma question dans le courriel' }).last().click();
    await page.getByText(/^Voici le courriel avec votre question/).first().waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Écrire un courriel' }).last().click();
    await expect.poll(() => opened(page)).toHaveLength(2);
    const withQuestion = decodeURIComponent((await opened(page))[1]);
    expect(withQuestion).toContain('je suis médecin remplaçant, puis-je consulter le DMP ?');
    expect(withQuestion).toMatch(/CPX-[0-9A-F]{4}-[0-9A-F]{4}/);

    // a reload: the conversation is shown again, not greeted again, and goes on
    await page.reload();
    await page.getByText('je suis médecin remplaçant, puis-je consulter le DMP ?', { exact: true }).first().waitFor({ timeout: 20_000 });
    await page.getByText(/non : en tant que médecin remplaçant/).first().waitFor();
    await page.waitForTimeout(1500);
    expect(await page.getByText(WELCOME).count()).toBe(1);
    expect(await page.locator('#statut').textContent()).toMatch(/^Conversation reprise/);
    await ask(page, 'comment obtenir ma carte ?');
    // the profession said before the reload is still known: no question about it
    await page.getByText(/médecin remplaçant/).nth(2).waitFor({ timeout: 10_000 });
    expect(await page.getByText(/^Quelle est votre profession/).count()).toBe(0);

    // « Nouvelle conversation »: greeted again, nothing of the previous one
    // (the page reloads: wait for the new page, or the welcome of the old one would be found and the question sent into it)
    // An answer still arriving while the new page loads must not save the old conversation
    // back: the page's document is held a moment and a question is left unanswered.
    await page.route(`${bot.base}/`, async (route) => {
      await new Promise((r) => setTimeout(r, 2500));
      await route.continue();
    });
    const box = page.getByRole('textbox').first();
    await box.fill('et pour la renouveler ?');
    await box.press('Enter');
    await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), page.getByRole('button', { name: 'Nouvelle conversation' }).click()]);
    await page.unroute(`${bot.base}/`);
    await page.getByText(WELCOME).first().waitFor({ timeout: 20_000 });
    expect(await page.getByText('comment obtenir ma carte ?', { exact: true }).count()).toBe(0);
    expect(await page.locator('#statut').textContent()).not.toMatch(/^Conversation reprise/);
    await ask(page, 'puis-je consulter le DMP ?');
    await page.getByText(/^Quelle est votre profession/).first().waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('records the vote and the turns, pseudonymously, and logs no user text', async () => {
    // what the bot holds is written at the latest every second
    const store = new FileEventStore(path.join(dir, 'events'));
    await expect.poll(async () => ((await store.read('events')) as UsageEvent[]).filter((e) => e.type === 'turn').length, { timeout: 5_000 }).toBe(4);
    const events = (await store.read('events')) as UsageEvent[];
    const vote = events.find((e): e is FeedbackEvent => e.type === 'feedback')!;
    expect(vote).toMatchObject({ vote: 'down', via: 'webchat', kind: 'use.access', channel: 'webchat' });
    const turns = events.filter((e): e is TurnEvent => e.type === 'turn');
    expect(turns.map((t) => t.outcome)).toEqual(['answered', 'answered', 'answered', 'askedBack']);
    expect(new Set(turns.map((t) => t.conv)).size).toBe(2); // before and after « Nouvelle conversation »
    const reviews = (await store.read('reviews')) as ReviewText[];
    expect(reviews.map((r) => [r.reason, r.text])).toEqual([
      ['notUseful', 'je suis médecin remplaçant, puis-je consulter le DMP ?'],
      ['askedBack', 'puis-je consulter le DMP ?'],
    ]);
    expect(bot.output()).not.toMatch(/consulter le DMP|obtenir ma carte/);
  });

  it('shows the usage report of a recorded week (for the docs)', async () => {
    const session = path.join(dir, 'session');
    await recordSession(session);
    const out = path.join(dir, 'rapport');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/report-usage.ts', '--dir', session, '--from', SESSION_FROM, '--to', SESSION_TO, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const { page, problems } = await newPage();
    await page.goto(`file://${path.join(out, 'usage.html')}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("Rapport d'usage de l'assistant cartes CPx");
    expect(await page.getByRole('img').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: path.join(OUT, 'rapport-usage.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
