/**
 * What the fuzz test found, kept as plain examples.
 */
import { describe, expect, it } from 'vitest';
import { createTestBot, kindOf, textOf } from '../helpers';

describe('found by fuzzing', () => {
  it('« aide » after a status given alone to the profession question re-prompts, not fails', async () => {
    const t = createTestBot();
    for (const m of ['puis-je consulter le DMP ?', 'bonjour', 'remplaçant']) await t.turn(m);
    const replies = await t.turn('aide');
    expect(replies.map(kindOf)).not.toContain('error');
    expect(textOf(replies.at(-1)!)).toMatch(/profession/);
    expect(textOf((await t.turn('médecin'))[0])).toMatch(/Selon le guide \(2023\), non : /);
  });

  it('an adaptiveCard/action invoke without an action is refused (400), not a failed turn', async () => {
    const t = createTestBot();
    for (const value of [undefined, {}, { action: null }, { action: 'x' }, { choice: 'médecin' }]) {
      const replies = await t.turn({ type: 'invoke', name: 'adaptiveCard/action', value });
      const invokeResponse = replies.find((a) => a.type === 'invokeResponse');
      expect((invokeResponse?.value as { status?: number } | undefined)?.status).toBe(400);
      expect(replies.map(kindOf)).not.toContain('error');
    }
  });
});
