/**
 * What the Chromium tests share: the real entry point started as a process (as `npm start`
 * would), Debian's headless Chromium driven by playwright-core, a page that reports CSP
 * violations and script errors, and the widget's greeting and send box.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../support/net';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** where the tests write their screenshots (copies for the README live in docs/screenshots) */
export const OUT = path.resolve('test-output');

export interface BotProcess {
  child: ChildProcess;
  base: string;
  output: string;
}

/** Starts src/index.ts on a free loopback port and waits for /healthz. */
export async function startBot(env: Record<string, string> = {}): Promise<BotProcess> {
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
    if (bot.child.exitCode !== null) break;
    try {
      if ((await fetch(`${bot.base}/healthz`)).ok) return bot;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  bot.child.kill('SIGTERM');
  throw new Error(`the bot did not start:\n${bot.output}`);
}

/** Stops a process started by a test and waits for it to exit (10 s at most). */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

/** Debian's Chromium, headless, with no traffic of its own. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (see .ci/run)`);
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * For a test file: Chromium and one bot (started with `env`) before its tests, both stopped
 * after them. The returned object is filled in beforeAll.
 */
export function chromiumAndBot(env: Record<string, string> = {}): { browser: Browser; bot: BotProcess } {
  const shared = {} as { browser: Browser; bot: BotProcess };
  beforeAll(async () => {
    [shared.browser, shared.bot] = await Promise.all([launchChromium(), startBot(env)]);
  }, 60_000);
  afterAll(async () => {
    await shared.browser?.close();
    await stopProcess(shared.bot?.child);
  });
  return shared;
}

/** Collects what the page must never do: break its CSP or throw. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().startsWith('CSP')) problems.push(m.text());
  });
  return problems;
}

/** A page in its own context (French locale) that reports CSP violations and script errors. */
export async function newPage(browser: Browser, viewport = { width: 1100, height: 860 }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', function (e) { console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });",
  });
  return { page, problems: watch(page) };
}

/** Waits for the bot's greeting in the widget (the page or the snippet's frame). */
export async function waitForGreeting(chat: Page | Frame): Promise<void> {
  await chat.getByText(/^Bonjour, je suis l.assistant cartes CPx/).first().waitFor({ timeout: 20_000 });
}

/** Types a message in the widget's send box and sends it with Enter; waits for it to show. */
export async function ask(chat: Page | Frame, text: string): Promise<void> {
  const sendBox = chat.getByRole('textbox').first();
  await sendBox.fill(text);
  await sendBox.press('Enter');
  await chat.getByText(text, { exact: true }).first().waitFor();
}

/** Runs in the page: this project is compiled without the DOM library. */
export type InPage = any;
