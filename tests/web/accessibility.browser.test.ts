/**
 * Accessibility of the widget (the CPAM is a public body: RGAA 4.1, built on WCAG 2.1 AA),
 * in Debian's headless Chromium against the real entry point:
 *  - axe-core (injected from node_modules by @axe-core/playwright, every rule) on the page
 *    with the greeting and an answer on screen, then with the answer's details opened, then
 *    with a second answer card: no serious or critical violation;
 *  - the answer shows once: no plain-text copy of the card, no suggested actions doubling
 *    its buttons (the page no longer strips them: the bot never sends both);
 *  - « Voir le détail » by keyboard, in Web Chat's own model (Shift+Tab from the send box to
 *    the conversation, Enter into the last answer, then Tab): a button whose accessible
 *    name is « Voir le détail », announced collapsed, that Enter opens (a text only in the
 *    details becomes visible; the button says expanded) and closes again;
 *  - ids stay unique with two answer cards on screen, and each button controls the
 *    details of its own card (public/details.js).
 */
import { AxeBuilder } from '@axe-core/playwright';
import { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ask, chromiumAndBot, InPage, newPage, waitForGreeting } from './support';

const QUESTION = 'je suis infirmière remplaçante, puis-je alimenter le DMP ?';
const DETAILS = 'Voir le détail';

const shared = chromiumAndBot({ RATE_LIMIT_PER_SECOND: '0' });

/** axe-core's serious and critical violations on the page, one line each (every rule run). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.passes.length).toBeGreaterThan(10); // axe did run on the page
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}): ${n.target.join(' ')} ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`));
}

/** A short description of the focused element, for failure messages. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const e = (globalThis as InPage).document.activeElement;
    return `${e.tagName} « ${e.getAttribute('aria-label') ?? (e.textContent ?? '').slice(0, 40)} »`;
  });
}

/** Whether the element is the page's focused element. */
function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el: InPage) => el === el.ownerDocument.activeElement);
}

describe('accessibility of the widget with an answer on screen', () => {
  it('has no serious or critical axe violation, and « Voir le détail » works by keyboard', async () => {
    const { page, problems } = await newPage(shared.browser);
    await page.goto(`${shared.bot.base}/`);
    await waitForGreeting(page);
    // the greeting's suggested actions (a plain reply): what the card reply must not add
    const suggested = page.locator('.webchat__suggested-actions').getByRole('button');
    await expect.poll(() => suggested.count()).toBeGreaterThan(0);
    await ask(page, QUESTION);
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: /en tant qu.infirmière remplaçante/ }).last();
    await card.waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: DETAILS, exact: true }).waitFor();
    await page.waitForTimeout(500); // Web Chat settles (scroll, read receipts)

    // the answer once in the conversation (Web Chat also narrates a new reply through a live
    // region of its own, outside it): no text bubble repeating the card, no suggested action
    // repeating its buttons
    const conversation = page.getByRole('feed');
    expect(await conversation.getByText(/en tant qu.infirmière remplaçante, avec votre CPS/).count()).toBe(1);
    expect(await conversation.getByRole('button', { name: 'Qui contacter ?', exact: true }).count()).toBe(1);
    expect(await suggested.count()).toBe(0);

    expect(await seriousViolations(page)).toEqual([]);

    // keyboard, as Web Chat lays it out: the conversation is one stop, Enter goes into the answer
    const sendBox = page.getByRole('textbox').first();
    await sendBox.focus();
    const transcript = page.getByRole('group', { name: /Historique des conversations/ });
    for (let i = 0; i < 4 && !(await hasFocus(transcript)); i++) await page.keyboard.press('Shift+Tab');
    expect(await hasFocus(transcript), `focus on ${await focused(page)}`).toBe(true);
    await page.keyboard.press('Enter');
    const toggle = card.getByRole('button', { name: DETAILS, exact: true });
    // reached with Tab from the answer's other controls
    await page.keyboard.press('Tab');
    for (let i = 0; i < 6 && !(await hasFocus(toggle)); i++) await page.keyboard.press('Tab');
    expect(await hasFocus(toggle), `focus on ${await focused(page)}`).toBe(true);
    // a button named « Voir le détail », announced collapsed, controlling a container of its card
    expect(await toggle.evaluate((el: InPage) => el.tagName)).toBe('BUTTON');
    expect(await toggle.ariaSnapshot()).toBe(`- button "${DETAILS}"`);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.getAttribute('aria-pressed')).toBeNull();
    const controlled = await toggle.getAttribute('aria-controls');
    expect(controlled).toMatch(/^\S+$/);
    const details = card.locator(`[id="${controlled}"]`);
    expect(await details.count()).toBe(1);
    const onlyInDetails = details.getByText('✅ Utiliser une MSS', { exact: true });
    expect(await onlyInDetails.isVisible()).toBe(false);

    await page.keyboard.press('Enter');
    await onlyInDetails.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await hasFocus(toggle)).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await conversation.getByRole('button', { name: DETAILS, exact: true, expanded: true }).count()).toBe(1);
    expect(await details.getAttribute('aria-expanded')).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);

    await page.keyboard.press('Enter');
    await onlyInDetails.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Escape'); // back to the conversation

    // a second answer card with details: ids stay unique, each button controls its own card
    await ask(page, 'quelle carte pour une sage-femme remplaçante ?');
    const second = page.locator('.ac-adaptiveCard').filter({ hasText: /En tant que sage-femme remplaçante/ }).last();
    await second.getByRole('button', { name: DETAILS, exact: true }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    const ids = await page.evaluate(() => Array.from((globalThis as InPage).document.querySelectorAll('[id]'), (e: InPage) => String(e.id)));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const toggles = conversation.getByRole('button', { name: DETAILS, exact: true });
    expect(await toggles.count()).toBe(2);
    for (const t of await toggles.all()) {
      const own = await t.evaluate((el: InPage) => {
        const target = el.ownerDocument.getElementById(el.getAttribute('aria-controls'));
        return !!target && target.closest('.ac-adaptiveCard') === el.closest('.ac-adaptiveCard');
      });
      expect(own).toBe(true);
    }
    await second.getByRole('button', { name: DETAILS, exact: true }).click();
    await expect.poll(() => second.getByRole('button', { name: DETAILS, exact: true }).getAttribute('aria-expanded')).toBe('true');
    expect(await toggles.first().getAttribute('aria-expanded')).toBe('false');
    expect(await seriousViolations(page)).toEqual([]);

    expect(problems).toEqual([]);
    await page.context().close();
  }, 90_000);
});
