/**
 * Answers as a reader sees them in the widget (Debian's headless Chromium, the real entry
 * point), each checked on screen and saved as a screenshot in test-output/ (copies for the
 * README live in docs/screenshots/):
 *  - a yes/no answer: the verdict first, at most 600 characters shown before the details
 *    (counted in the browser: the card's visible text blocks) → reponse-oui-non.png;
 *  - a card answer with its details opened by « Voir le détail »: a text only in the details
 *    becomes visible → carte-detail-ouvert.png;
 *  - an answer that an update changes: the update (SI-DEP closed) is the card's first text,
 *    before « Selon le guide (2023) » → reponse-mise-a-jour.png.
 */
import path from 'node:path';
import { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ask, chromiumAndBot, InPage, newPage, OUT, waitForGreeting } from './support';

const shared = chromiumAndBot({ RATE_LIMIT_PER_SECOND: '0' });

/** A new conversation in a new page; the question asked; the answer card that contains `expected`. */
async function answer(question: string, expected: RegExp, height = 900): Promise<{ page: Page; card: Locator; problems: string[] }> {
  const { page, problems } = await newPage(shared.browser, { width: 900, height });
  await page.goto(`${shared.bot.base}/`);
  await waitForGreeting(page);
  await ask(page, question);
  const card = page.getByRole('feed').locator('.ac-adaptiveCard').filter({ hasText: expected }).last();
  await card.waitFor({ timeout: 15_000 });
  await page.waitForTimeout(700); // Web Chat scrolls to the last answer
  return { page, card, problems };
}

/** The card's text blocks a reader sees, in order (hidden details left out). */
function visibleTexts(card: Locator): Promise<string[]> {
  return card.evaluate((el: InPage) =>
    Array.from(el.querySelectorAll('.ac-textBlock'))
      .filter((t: InPage) => t.checkVisibility())
      .map((t: InPage) => String(t.innerText).trim())
      .filter((t: string) => t.length > 0),
  );
}

describe('answers in the widget, as screenshots', () => {
  it('a yes/no answer: the verdict first, at most 600 characters at first sight', async () => {
    const { page, card, problems } = await answer('je suis médecin libéral, puis-je consulter le DMP ?', /en tant que médecin/);
    const texts = await visibleTexts(card);
    expect(texts[0]).toMatch(/^Oui : en tant que médecin, avec votre CPS, vous pouvez consulter le DMP/);
    const shown = texts.join('\n\n').length;
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThanOrEqual(600);
    await page.screenshot({ path: path.join(OUT, 'reponse-oui-non.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('a card answer with its details opened', async () => {
    // a tall window: the opened card fits in the conversation, which scrolls on its own
    const { page, card, problems } = await answer('quelle carte pour une sage-femme remplaçante ?', /En tant que sage-femme remplaçante/, 2000);
    const before = await visibleTexts(card);
    expect(before[0]).toMatch(/^En tant que sage-femme remplaçante, votre carte est la CPS remplaçant/);
    const onlyInDetails = card.getByText('Modalités de délivrance', { exact: true });
    expect(await onlyInDetails.isVisible()).toBe(false);
    await card.getByRole('button', { name: 'Voir le détail', exact: true }).click();
    await onlyInDetails.waitFor({ state: 'visible', timeout: 5_000 });
    const after = await visibleTexts(card);
    expect(after.length).toBeGreaterThan(before.length);
    await page.waitForTimeout(700); // Web Chat scrolls to the opened details
    await card.screenshot({ path: path.join(OUT, 'carte-detail-ouvert.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('an answer that an update changes: the update first, then the guide', async () => {
    const { page, card, problems } = await answer('je suis infirmier, puis-je utiliser SI-DEP ?', /SI-DEP/);
    const texts = await visibleTexts(card);
    expect(texts[0]).toMatch(/^Mise à jour \(1er juin 2024\) : SI-DEP est fermé/);
    expect(texts[0]).toMatch(/30 juin 2023/);
    const guide = texts.findIndex((t) => t.startsWith('Selon le guide (2023), oui'));
    expect(guide).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUT, 'reponse-mise-a-jour.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
