/**
 * The terminal chat (`npm run chat`): a conversation with the same bot, in-process, for
 * content editors who check a change to the knowledge files without a browser. It prints
 * the text of each answer and a readable rendering of its Adaptive Card, with the buttons
 * numbered: typing a number presses the button.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import { runDirectTurn } from '../bot/directTurn';

interface Button {
  title: string;
  value: string;
}

export interface Rendered {
  lines: string[];
  buttons: Button[];
}

/** The parts of an Adaptive Card element the terminal shows. */
interface Element {
  type?: string;
  text?: unknown;
  weight?: string;
  title?: string;
  url?: string;
  body?: Element[];
  items?: Element[];
  columns?: Element[];
  actions?: Element[];
  inlines?: Array<Element | string>;
  facts?: Array<{ title?: string; value?: string }>;
  data?: { choice?: unknown };
  card?: Element;
  [other: string]: unknown;
}

/** Undoes the Markdown escaping of card texts (see answers/render.ts cardText). */
function plain(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\\([\\*_`[\]<>#])/g, '$1') : '';
}

function renderElements(elements: Element[] | undefined, out: Rendered, indent: string): void {
  for (const e of elements ?? []) {
    if (!e || typeof e !== 'object') continue;
    switch (e.type) {
      case 'TextBlock': {
        const text = plain(e.text);
        if (!text) break;
        const bold = e.weight === 'Bolder' || (typeof e.size === 'string' && /large/i.test(e.size));
        out.lines.push(bold ? `${indent}▌ ${text}` : `${indent}${text}`);
        break;
      }
      case 'RichTextBlock':
        out.lines.push(indent + (e.inlines ?? []).map((i: Element | string) => (typeof i === 'string' ? i : plain(i.text))).join(''));
        break;
      case 'FactSet':
        for (const f of e.facts ?? []) out.lines.push(`${indent}  • ${plain(f.title)} : ${plain(f.value)}`);
        break;
      case 'Container':
        renderElements(e.items, out, indent);
        break;
      case 'ColumnSet':
        for (const c of e.columns ?? []) renderElements(c.items, out, indent);
        break;
      case 'ActionSet':
        renderActions(e.actions, out, indent);
        break;
      case 'Image':
        if (e.altText) out.lines.push(`${indent}[image : ${plain(e.altText)}]`);
        break;
      default:
        // Input.ChoiceSet offers the same choices as the buttons: nothing more to show
        break;
    }
  }
}

function renderActions(actions: Element[] | undefined, out: Rendered, indent: string): void {
  for (const a of actions ?? []) {
    if (a?.type === 'Action.Submit' && typeof a.data?.choice === 'string') {
      out.buttons.push({ title: String(a.title ?? a.data.choice), value: a.data.choice });
      out.lines.push(`${indent}  [${out.buttons.length}] ${a.title ?? a.data.choice}`);
    } else if (a?.type === 'Action.OpenUrl' && typeof a.url === 'string') {
      out.lines.push(`${indent}  ↗ ${a.title ?? 'Lien'} : ${a.url}`);
    }
  }
}

/** One reply of the bot as lines of text, with its buttons numbered from 1. */
export function renderActivity(activity: Partial<Activity>): Rendered {
  const out: Rendered = { lines: [], buttons: [] };
  const cards = (activity.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (cards.length === 0) {
    if (activity.text) out.lines.push(...activity.text.split('\n'));
    for (const a of activity.suggestedActions?.actions ?? []) {
      out.buttons.push({ title: a.title ?? String(a.value), value: String(a.value) });
      out.lines.push(`  [${out.buttons.length}] ${a.title ?? a.value}`);
    }
    return out;
  }
  for (const attachment of cards) {
    const card = attachment.content as Element;
    out.lines.push('┌─ carte ─────────────────────────────────────');
    renderElements(card.body, out, '│ ');
    renderActions(card.actions, out, '│ ');
    out.lines.push('└─────────────────────────────────────────────');
  }
  return out;
}

export interface TerminalChatOptions {
  adapter: CloudAdapter;
  bot: { run(context: TurnContext): Promise<void> };
  input: Readable;
  output: Writable;
  /** the conversation's id (state key) */
  conversationId?: string;
}

/** Runs the conversation until the input ends or the user types « /quitter ». */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { adapter, bot, output } = options;
  const conversation = { id: options.conversationId ?? `terminal-${process.pid}-${Date.now()}` };
  const user = { id: 'terminal-user', name: 'Vous', role: 'user' };
  const botAccount = { id: 'assistant-cartes-cpx', name: 'Assistant cartes CPx', role: 'bot' };
  const write = (s: string) => output.write(s + '\n');
  let buttons: Button[] = [];

  async function send(activity: Partial<Activity>): Promise<void> {
    const replies = await runDirectTurn(adapter, bot, { channelId: 'terminal', conversation: conversation as never, from: user, recipient: botAccount, locale: 'fr-FR', ...activity });
    buttons = [];
    for (const reply of replies) {
      if (reply.type !== 'message') continue;
      const rendered = renderActivity(reply);
      // numbers continue across the replies of one turn
      const offset = buttons.length;
      write('');
      write('assistant ›');
      for (const line of rendered.lines) write(line.replace(/\[(\d+)\]/, (_m, n: string) => `[${Number(n) + offset}]`));
      buttons.push(...rendered.buttons);
    }
    write('');
  }

  write('Assistant cartes CPx — conversation dans le terminal. Tapez votre message, un numéro pour choisir un bouton, ou /quitter.');
  await send({ type: 'event', name: 'webchat/join' });
  const rl = createInterface({ input: options.input, terminal: false });
  output.write('vous › ');
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '/quitter' || line === '/q') break;
    if (line) {
      const n = /^\d{1,3}$/.test(line) ? Number(line) : 0;
      const button = n >= 1 && n <= buttons.length ? buttons[n - 1] : undefined;
      if (button) write(`(bouton « ${button.title} »)`);
      await send(button ? { type: 'message', text: '', value: { choice: button.value } } : { type: 'message', text: line });
    }
    output.write('vous › ');
  }
  rl.close();
  write('');
  write('Au revoir.');
}
