/**
 * The terminal chat: `npm run chat`'s script spawned with piped stdin, answered by typing
 * and by button numbers; and the rendering of cards as text.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderActivity } from '../../src/channels/terminal';

describe('the terminal chat', () => {
  it('greets, shows numbered buttons, takes a number as a button press and gives the verdict', async () => {
    const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/chat.ts'], {
      env: { ...process.env, LOG_LEVEL: '', MicrosoftAppId: '', MicrosoftAppPassword: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const prompts = () => out.split('vous › ').length - 1;
    async function waitPrompt(n: number): Promise<string> {
      const end = Date.now() + 20_000;
      while (prompts() < n) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no prompt ${n}:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return out.split('vous › ')[n - 1];
    }
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const greeting = await waitPrompt(1);
    expect(greeting).toMatch(/Bonjour, je suis l'assistant cartes CPx/);
    expect(greeting).toMatch(/\[2\] Puis-je consulter le DMP \?/);

    child.stdin.write('puis-je consulter le DMP ?\n');
    const question = await waitPrompt(2);
    expect(question).toContain('▌ Quelle est votre profession ?');
    const doctor = /\[(\d+)\] Médecin\n/.exec(question);
    expect(doctor).not.toBeNull();

    child.stdin.write(`${doctor![1]}\n`);
    const status = await waitPrompt(3);
    expect(status).toContain('(bouton « Médecin »)');
    expect(status).toContain('Médecin : quel est votre statut ?');

    child.stdin.write('remplaçant\n');
    const verdict = await waitPrompt(4);
    expect(verdict).toMatch(/Selon le guide \(2023\), non : en tant que médecin remplaçant/);
    expect(verdict).toMatch(/\[1\] Mes usages/);

    child.stdin.write('/quitter\n');
    expect(await exited).toBe(0);
    expect(out).toContain('Au revoir.');
    expect(err).not.toMatch(/error/i);
  }, 40_000);

  it('renders facts, columns, links and escaped card text readably', () => {
    const r = renderActivity({
      type: 'message',
      text: 'ignored when there is a card',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            version: '1.5',
            body: [
              { type: 'TextBlock', text: 'CPS \\*remplaçant\\*', weight: 'Bolder' },
              { type: 'FactSet', facts: [{ title: 'Téléphone', value: '36 08' }] },
              { type: 'ColumnSet', columns: [{ items: [{ type: 'TextBlock', text: 'colonne' }] }] },
              { type: 'Input.ChoiceSet', id: 'choice', choices: [{ title: 'A', value: 'A' }] },
            ],
            actions: [
              { type: 'Action.Submit', title: 'Valider' },
              { type: 'Action.Submit', title: 'A', data: { choice: 'A' } },
              { type: 'Action.OpenUrl', title: 'Le site', url: 'https://www.ameli.fr' },
            ],
          },
        },
      ],
    });
    expect(r.lines).toEqual([
      '┌─ carte ─────────────────────────────────────',
      '│ ▌ CPS *remplaçant*',
      '│   • Téléphone : 36 08',
      '│ colonne',
      '│   [1] A',
      '│   ↗ Le site : https://www.ameli.fr',
      '└─────────────────────────────────────────────',
    ]);
    expect(r.buttons).toEqual([{ title: 'A', value: 'A' }]);
    // no card: the text and the suggested actions
    const plain = renderActivity({ type: 'message', text: 'un\ndeux', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Oui', value: 'oui' }] } });
    expect(plain.lines).toEqual(['un', 'deux', '  [1] Oui']);
  });
});
