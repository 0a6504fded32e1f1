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
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, BotProcess, launchChromium, newPage as openPage, OUT, startBot, stopProcess, waitForGreeting } from './support';

let browser: Browser;
let local: BotProcess;
let production: BotProcess;
let failingTokenService: HttpServer;

const newPage = (viewport?: { width: number; height: number }) => openPage(browser, viewport);

/** The whole guided conversation, in the page or in the snippet's frame. */
async function converse(chat: Page | Frame): Promise<void> {
  await waitForGreeting(chat);
  expect(await chat.getByRole('textbox').first().getAttribute('aria-label')).toBeTruthy();
  await ask(chat, 'puis-je consulter le DMP ?');
  const doctor = chat.getByRole('button', { name: 'Médecin', exact: true }).first();
  await doctor.waitFor({ timeout: 10_000 });
  await doctor.click();
  const substitute = chat.getByRole('button', { name: 'Remplaçant(e)', exact: true }).first();
  await substitute.waitFor({ timeout: 10_000 });
  await substitute.click();
  // the verdict comes after the update that concerns it (the DMP for remplaçants, unconfirmed)
  await chat.getByText(/^Selon le guide \(2023\), non : en tant que médecin remplaçant/).first().waitFor({ timeout: 10_000 });
  // a sent message that Web Chat could not confirm would say so
  expect(await chat.getByText(/Échec de l.envoi|Send failed/i).count()).toBe(0);
}

beforeAll(async () => {
  failingTokenService = createHttpServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"ServiceError"}}');
  });
  await new Promise<void>((resolve) => failingTokenService.listen(0, '127.0.0.1', () => resolve()));
  const failingPort = (failingTokenService.address() as AddressInfo).port;
  [browser, local, production] = await Promise.all([
    launchChromium(),
    startBot({}),
    startBot({ DIRECT_LINE_SECRET: 'secret-of-the-test', DIRECT_LINE_ENDPOINT: `http://127.0.0.1:${failingPort}/v3/directline`, WEBCHAT_LOCAL: 'false' }),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([stopProcess(local?.child), stopProcess(production?.child)]);
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
    await page.goto(`${production.base}/`);
    const alert = page.getByRole('alert');
    // the token service fails at once: the page says so well before its own 10 s abort
    await alert.waitFor({ timeout: 8_000 });
    expect(await alert.textContent()).toMatch(/momentanément indisponible/);
    await page.screenshot({ path: path.join(OUT, 'widget-indisponible.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
