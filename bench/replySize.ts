/**
 * The size of the bot's replies, as a channel receives them and as a reader sees them, for a
 * fixed set of questions, each asked in a conversation of its own over POST /api/messages
 * (deliveryMode expectReplies), on the Teams channel (msteams) and the Web Chat one.
 *
 * Per turn: the number of messages; the characters sent (each message's text plus its
 * Adaptive Cards' JSON); the characters a reader sees before opening anything (the text,
 * its markup removed, and the cards' text blocks and facts outside hidden containers, one
 * blank line between paragraphs; buttons not counted). The 600-character rule of issue 9
 * is about that last figure for yes/no answers.
 *
 * It reads only what the bot sends, so it measures any version of the bot the same way
 * (bench/run.ts measures the bot before issue 9 with it too).
 */
import { randomUUID } from 'node:crypto';

export interface Question {
  text: string;
  /** a question answered by yes or no (« puis-je … ? »): its visible size is the rule's */
  yesNo: boolean;
}

/** Complete questions (profession, status and use in one message): no follow-up needed. */
export const QUESTIONS: Question[] = [
  { text: 'je suis infirmière remplaçante, puis-je alimenter le DMP ?', yesNo: true },
  { text: 'je suis secrétaire médicale, puis-je consulter le DMP ?', yesNo: true },
  { text: 'je suis médecin libéral, puis-je consulter le DMP ?', yesNo: true },
  { text: 'je suis infirmier, puis-je utiliser SI-DEP ?', yesNo: true },
  { text: 'je suis pharmacien titulaire, puis-je utiliser ADRI ?', yesNo: true },
  { text: 'je suis masseur-kinésithérapeute libéral, puis-je télétransmettre mes feuilles de soins ?', yesNo: true },
  { text: 'je suis sage-femme libérale, puis-je utiliser une messagerie sécurisée ?', yesNo: true },
  { text: 'je suis médecin remplaçant, puis-je signer des feuilles de soins électroniques ?', yesNo: true },
  { text: 'quelle carte pour une sage-femme remplaçante ?', yesNo: false },
  { text: "j'ai perdu ma CPS", yesNo: false },
  { text: "c'est quoi la e-CPS ?", yesNo: false },
  { text: 'différence entre CPS et e-CPS', yesNo: false },
  { text: 'qui contacter ?', yesNo: false },
  { text: 'aide', yesNo: false },
  { text: 'merci', yesNo: false },
];

export const CHANNELS = ['msteams', 'webchat'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ReplySize {
  question: string;
  channel: Channel;
  yesNo: boolean;
  /** what the bot stamped on its first message (channelData.replyKind) */
  kind: string;
  /** messages in the reply */
  messages: number;
  /** bubbles Teams shows: a message's text and each of its attachments stand apart */
  bubbles: number;
  /** characters sent: texts plus Adaptive Card JSON */
  sent: number;
  /** characters a reader sees before opening details */
  visible: number;
}

interface CardNode {
  type?: string;
  text?: string;
  isVisible?: boolean;
  body?: CardNode[];
  items?: CardNode[];
  columns?: CardNode[];
  inlines?: Array<CardNode | string>;
  facts?: Array<{ title?: string; value?: string }>;
}

interface Message {
  type?: string;
  channelData?: { replyKind?: string };
  text?: string;
  textFormat?: string;
  attachments?: Array<{ contentType?: string; content?: unknown }>;
}

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** Plain text of a message text: Teams' HTML subset (<br>, entities) and card Markdown escapes removed. */
function plain(text: string, format?: string): string {
  let t = text;
  if (format === 'xml') {
    t = t
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&amp;/g, '&');
  }
  return t.trim();
}

/** The paragraphs a reader sees in a card: text blocks and facts, hidden containers left out. */
function cardParagraphs(node: CardNode | undefined, out: string[]): void {
  if (!node || node.isVisible === false) return;
  if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text.replace(/\\([\\*_`[\]<>#])/g, '$1').replace(/\n{2,}/g, '\n').trim());
  if (node.type === 'RichTextBlock') out.push((node.inlines ?? []).map((i) => (typeof i === 'string' ? i : (i.text ?? ''))).join(''));
  if (node.type === 'FactSet') for (const f of node.facts ?? []) out.push(`${f.title ?? ''} ${f.value ?? ''}`.trim());
  // a ColumnSet's columns read as one line
  if (node.type === 'ColumnSet') {
    const row: string[] = [];
    for (const c of node.columns ?? []) cardParagraphs(c, row);
    if (row.length > 0) out.push(row.join(' '));
    return;
  }
  for (const k of ['body', 'items', 'columns'] as const) for (const c of node[k] ?? []) cardParagraphs(c, out);
}

/** Messages, bubbles, characters sent and characters seen for the messages of one reply. */
export function sizeOf(activities: Message[]): { kind: string; messages: number; bubbles: number; sent: number; visible: number } {
  const messages = activities.filter((a) => a.type === 'message');
  let sent = 0;
  let bubbles = 0;
  const seen: string[] = [];
  for (const m of messages) {
    if (m.text) {
      sent += m.text.length;
      bubbles++;
      seen.push(plain(m.text, m.textFormat));
    }
    for (const att of m.attachments ?? []) {
      bubbles++;
      if (att.contentType !== ADAPTIVE) continue;
      sent += JSON.stringify(att.content).length;
      cardParagraphs(att.content as CardNode, seen);
    }
  }
  const kind = messages[0]?.channelData?.replyKind ?? '?';
  return { kind, messages: messages.length, bubbles, sent, visible: seen.filter((p) => p.length > 0).join('\n\n').length };
}

/** One message of a new conversation on `channel`, as the channel's connector would post it. */
export function incoming(text: string, channel: Channel, conversation: string = randomUUID()): Record<string, unknown> {
  return {
    type: 'message',
    channelId: channel,
    deliveryMode: 'expectReplies',
    conversation: { id: conversation, ...(channel === 'msteams' ? { conversationType: 'personal' } : {}) },
    from: { id: `u-${conversation}`, name: 'Utilisateur' },
    recipient: { id: 'bot', name: 'Assistant cartes CPx' },
    serviceUrl: 'http://127.0.0.1:9',
    locale: 'fr-FR',
    text,
  };
}

/** Asks every question, each in a conversation of its own, on each channel. */
export async function measureReplies(base: string, questions = QUESTIONS): Promise<ReplySize[]> {
  const out: ReplySize[] = [];
  for (const channel of CHANNELS) {
    for (const q of questions) {
      const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(incoming(q.text, channel)) });
      if (!r.ok) throw new Error(`${channel} « ${q.text} » : HTTP ${r.status}`);
      const { activities = [] } = (await r.json()) as { activities?: Message[] };
      out.push({ question: q.text, channel, yesNo: q.yesNo, ...sizeOf(activities) });
    }
  }
  return out;
}
