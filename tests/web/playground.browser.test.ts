/**
 * What a Teams user sees: Microsoft 365 Agents Playground (@microsoft/m365agentsplayground,
 * the Teams-like client of the Microsoft 365 Agents Toolkit), started as `npm run playground`
 * does (scripts/playground.ts: offline, --disable-telemetry, channel msteams) against the
 * real bot's /api/messages on loopback, driven in Debian's headless Chromium (every request
 * that would leave loopback, such as the client's web fonts, is refused).
 *
 * « je suis secrétaire médicale, puis-je consulter le DMP ? » then « merci »: exactly one
 * bot message (one bubble) per reply, the verdict shown once, and the card's buttons. The
 * bot before issue 9 sent the same answer as text and as card, which the Playground (like
 * Teams) shows as two bubbles. Screenshot: test-output/playground-teams.png (copy in
 * docs/screenshots/).
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net';
import { BotProcess, launchChromium, OUT, startBot, stopProcess } from './support';

/** how long a reply is watched for a second bubble after its first one shows */
const SETTLE_MS = 2_000;

let browser: Browser;
let bot: BotProcess;
let playground: { child: ChildProcess; base: string; output: string };

/**
 * `npm run playground` (scripts/playground.ts) for the bot on `botPort`, the Playground on a
 * free loopback port; it says « Listening on <port> » when ready.
 */
async function startPlayground(botPort: string): Promise<typeof playground> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/playground.ts', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // no browser opened by the Playground; its log with the test's output
    env: { ...process.env, PORT: botPort, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_LOGFILE: path.join(OUT, 'playground.log') },
  });
  const started = { child, base: '', output: '' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Playground did not start:\n${started.output}`)), 30_000);
    const read = (d: Buffer) => {
      started.output += d;
      // it falls back to another port when the one asked for is taken
      const listening = /Listening on (\d+)/.exec(started.output);
      if (listening && !started.base) {
        clearTimeout(timer);
        started.base = `http://127.0.0.1:${listening[1]}`;
        resolve(started);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the Playground exited (${code}):\n${started.output}`)));
  });
}

beforeAll(async () => {
  // the bot as `npm run dev` starts it (its default rate limit is no obstacle at a person's pace)
  [browser, bot] = await Promise.all([launchChromium(), startBot()]);
  playground = await startPlayground(new URL(bot.base).port);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([stopProcess(playground?.child), stopProcess(bot?.child)]);
});

/** Every message of the conversation: a header (author, time) and, beside it, the bubble. */
const messages = (page: Page) => page.locator('[aria-label="Message header"]').locator('xpath=..');
/** The bot's messages: their header names their author (« Test Bot »). */
const botMessages = (page: Page) => messages(page).filter({ has: page.locator('[aria-label="Message author"]', { hasText: 'Test Bot' }) });
/** The user's messages: a header with a time and no author. */
const userMessages = (page: Page) => messages(page).filter({ hasNot: page.locator('[aria-label="Message author"]') });

/** Sends a message as the user, waits for the bot's next message, then watches for a second one. */
async function say(page: Page, text: string): Promise<number> {
  const before = await botMessages(page).count();
  const box = page.getByRole('textbox').first();
  await box.click();
  await box.fill(text);
  await page.keyboard.press('Enter');
  await expect.poll(() => botMessages(page).count(), { timeout: 15_000 }).toBeGreaterThan(before);
  await page.waitForTimeout(SETTLE_MS);
  return (await botMessages(page).count()) - before;
}

describe('the bot in Microsoft 365 Agents Playground (msteams, offline)', () => {
  it('shows one bot bubble per reply', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const leaving: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      leaving.push(url.origin);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${playground.base}/`);

    // the greeting, once (the Playground installs the app: conversationUpdate, installationUpdate)
    await page.getByText(/^Bonjour, je suis l.assistant cartes CPx/).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(SETTLE_MS);
    expect(await botMessages(page).count()).toBe(1);

    expect(await say(page, 'je suis secrétaire médicale, puis-je consulter le DMP ?')).toBe(1);
    // the verdict in one bubble, with the card's buttons
    const verdict = botMessages(page).filter({ hasText: /Non : en tant que secrétaire médical\(e\)/ });
    expect(await verdict.count()).toBe(1);
    expect(await verdict.getByRole('button', { name: 'Voir le détail', exact: true }).count()).toBe(1);
    expect(await verdict.getByRole('button', { name: 'Qui contacter ?', exact: true }).count()).toBe(1);

    expect(await say(page, 'merci')).toBe(1);
    expect(await botMessages(page).filter({ hasText: /Avec plaisir/ }).count()).toBe(1);

    // the whole conversation: two questions, three bot messages (greeting and two replies)
    expect(await userMessages(page).count()).toBe(2);
    expect(await botMessages(page).count()).toBe(3);
    await page.screenshot({ path: path.join(OUT, 'playground-teams.png') });
    // the Playground's log panel lists every activity the bot sent, and its status: three messages
    const log = await page.locator('body').innerText();
    const sent = log.match(/User Application\s*\S+\s*Microsoft 365 Agents Playground\s+(\w+)\s+(\d{3})/g) ?? [];
    expect(sent.map((l) => l.replace(/^.*Playground\s+/, ''))).toEqual(['message 201', 'message 201', 'message 201']);
    expect(errors).toEqual([]);
    // only the client's web fonts and an animation would have left loopback
    expect(leaving.filter((o) => !/\.cdn\.office\.net$/.test(new URL(o).hostname))).toEqual([]);
    await context.close();
  }, 120_000);
});
