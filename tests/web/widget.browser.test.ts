/**
 * The web chat in a real browser: Debian's headless Chromium driven by playwright-core,
 * against the real entry point started as a process (as `npm start` would).
 *  - the widget page: greeting, a typed question, the profile asked and answered by
 *    clicking buttons, the verdict; no Content-Security-Policy violation, no script error;
 *  - the same through the embeddable snippet on the example page;
 *  - in production mode, a Direct Line token service that fails: the page says the chat is
 *    unavailable instead of hanging.
 * Screenshots are written to test-output/ (copies for the README live in docs/screenshots).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { Browser, chromium, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.resolve('test-output');

interface BotProcess {
  child: ChildProcess;
  base: string;
  output: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startBot(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const bot: BotProcess = { base: `http://127.0.0.1:${port}`, output: '', child: undefined as never };
  bot.child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'src/index.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MicrosoftAppId: '', MicrosoftAppPassword: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.child.stdout!.on('data', (d) => (bot.output += d));
  bot.child.stderr!.on('data', (d) => (bot.output += d));
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    try {
      if ((await fetch(`${bot.base}/healthz`)).ok) return bot;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the bot did not start:\n${bot.output}`);
}

let browser: Browser;
let local: BotProcess;
let production: BotProcess;
let failingTokenService: HttpServer;

/** Collects what the page must never do: break its CSP, throw, or fail a request of its own. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().startsWith('CSP')) problems.push(m.text());
  });
  return problems;
}

async function newPage(viewport = { width: 1100, height: 860 }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', function (e) { console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });",
  });
  return { page, problems: watch(page) };
}

/** The whole guided conversation, in the page or in the snippet's frame. */
async function converse(chat: Page | Frame): Promise<void> {
  await chat.getByText(/^Bonjour, je suis l.assistant cartes CPx/).first().waitFor({ timeout: 20_000 });
  const sendBox = chat.getByRole('textbox').first();
  expect(await sendBox.getAttribute('aria-label')).toBeTruthy();
  await sendBox.fill('puis-je consulter le DMP ?');
  await sendBox.press('Enter');
  await chat.getByText('puis-je consulter le DMP ?', { exact: true }).first().waitFor();
  const doctor = chat.getByRole('button', { name: 'Médecin', exact: true }).first();
  await doctor.waitFor({ timeout: 10_000 });
  await doctor.click();
  const substitute = chat.getByRole('button', { name: 'Remplaçant(e)', exact: true }).first();
  await substitute.waitFor({ timeout: 10_000 });
  await substitute.click();
  await chat.getByText(/Selon le guide \(2023\), non : en tant que médecin remplaçant/).first().waitFor({ timeout: 10_000 });
  // a sent message that Web Chat could not confirm would say so
  expect(await chat.getByText(/Échec de l.envoi|Send failed/i).count()).toBe(0);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (see .ci/run)`);
  mkdirSync(OUT, { recursive: true });
  failingTokenService = createHttpServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"ServiceError"}}');
  });
  await new Promise<void>((resolve) => failingTokenService.listen(0, '127.0.0.1', () => resolve()));
  const failingPort = (failingTokenService.address() as AddressInfo).port;
  [browser, local, production] = await Promise.all([
    chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
    }),
    startBot({}),
    startBot({ DIRECT_LINE_SECRET: 'secret-of-the-test', DIRECT_LINE_ENDPOINT: `http://127.0.0.1:${failingPort}/v3/directline`, WEBCHAT_LOCAL: 'false' }),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  local?.child.kill('SIGTERM');
  production?.child.kill('SIGTERM');
  failingTokenService?.close();
});

describe('the web chat in Chromium', () => {
  it('greets, asks the profile with buttons and gives the verdict', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${local.base}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Assistant cartes CPx');
    await converse(page);
    await page.waitForTimeout(700); // Web Chat scrolls to the last answer
    await page.screenshot({ path: path.join(OUT, 'widget.png') });
    // the verdict's card, as Web Chat renders the Adaptive Card Teams also receives
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'Non : en tant que médecin remplaçant' }).last();
    await card.screenshot({ path: path.join(OUT, 'carte-reponse.png') });
    // keyboard: a card button takes the focus, shows a clear outline, and Enter presses it
    const cards = page.locator('.ac-adaptiveCard');
    const before = await cards.count();
    const contact = page.getByRole('button', { name: 'Qui contacter ?', exact: true }).last();
    await contact.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await contact.evaluate((el) => {
      // runs in the page (this file is compiled without the DOM library)
      const style = (globalThis as any).getComputedStyle(el);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBeGreaterThan(before);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('works the same through the embeddable snippet on the example page', async () => {
    const { page, problems } = await newPage({ width: 1280, height: 860 });
    await page.goto(`${local.base}/exemple`);
    const button = page.getByRole('button', { name: 'Une question sur les cartes CPS ?' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const frame = page.frameLocator('iframe[title^="Conversation avec"]');
    await frame.getByText(/^Bonjour, je suis l.assistant cartes CPx/).first().waitFor({ timeout: 20_000 });
    const chat = page.frames().find((f) => f.url().includes('/?integre=1'));
    expect(chat).toBeDefined();
    await converse(chat!);
    await page.waitForTimeout(700);
    await page.screenshot({ path: path.join(OUT, 'widget-integre.png') });
    // Escape closes the panel and gives the focus back to the button
    await chat!.getByRole('textbox').first().focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#assistant-cpx-panneau').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('says the chat is unavailable when the Direct Line token cannot be had', async () => {
    const { page, problems } = await newPage({ width: 900, height: 500 });
    const started = Date.now();
    await page.goto(`${production.base}/`);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toMatch(/momentanément indisponible/);
    expect(Date.now() - started).toBeLessThan(15_000);
    await page.screenshot({ path: path.join(OUT, 'widget-indisponible.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
