/**
 * The replies about learning from use, as Answers like every other (answer.ts), worded in
 * responses.yaml (learning.*): thanks for a vote, the offer of a person (the délégués
 * numérique en santé of contacts.yaml, with a prefilled e-mail), the « did you mean »
 * question. The e-mail itself (a mailto: link) is not part of an Answer: the bot adds it
 * to the rendered card as a link button (bot/learning.ts).
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { Answer, simpleAnswer } from './answer';

/** The intents a « did you mean » question may offer: questions the bot answers (not small talk, not commands). */
export const DID_YOU_MEAN_INTENTS: ReadonlySet<string> = new Set([
  'card.which',
  'use.access',
  'card.uses',
  'card.obtain',
  'card.renew',
  'card.validity',
  'card.lost',
  'card.broken',
  'contact.cpam',
  'glossary.define',
  'ecps.info',
  'card.compare',
  'adeli.rpps',
]);

/** The contact whose people are offered (contacts.yaml). */
const HANDOFF_CONTACT = 'cpam-vendee-dns';

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

export class LearningAnswers {
  constructor(private readonly kb: KnowledgeBase) {}

  private say(key: string, vars: Record<string, string | undefined> = {}): string {
    const team = this.kb.contacts.get(HANDOFF_CONTACT);
    return this.kb.say(key, { teamEmail: team?.email ?? '', ...vars });
  }

  /** The short thanks after a vote « utile ». */
  thanks(): Answer {
    return simpleAnswer('learning.thanks', this.say('learning.thanks.up'));
  }

  /** The reference line added to the error message. */
  errorReference(reference: string): string {
    return this.say('learning.errorReference', { reference });
  }

  /**
   * The offer of a person: after « pas utile » (with thanks first) or after two
   * misunderstandings in a row. `canAttach`: the user's question is still held, so a
   * button offers to put it in the e-mail (only if the user presses it).
   */
  handoff(reason: 'notUseful' | 'misunderstood', canAttach: boolean): Answer {
    const team = this.kb.contacts.get(HANDOFF_CONTACT);
    const lead = reason === 'notUseful' ? `${this.say('learning.thanks.down')} ${this.say('learning.handoff.notUseful')}` : this.say('learning.handoff.misunderstood');
    const members = (team?.members ?? []).filter((m) => m.phone).map((m) => this.say('learning.handoff.member', { name: m.name, phone: m.phone }));
    return {
      kind: 'learning.handoff',
      decisive: [],
      headline: lead,
      lines: [this.say('learning.handoff.text'), ...(members.length > 0 ? [members.map((m) => `• ${m}`).join('\n')] : [])],
      details: [],
      choices: canAttach ? [{ title: this.say('learning.handoff.attachTitle'), value: this.say('learning.handoff.attachValue') }] : [],
      trace: { topic: 'handoff' },
    };
  }

  /** What the « put my question in the e-mail » button sends back. */
  attachValue(): string {
    return this.say('learning.handoff.attachValue');
  }

  mailTitle(): string {
    return this.say('learning.handoff.mailTitle');
  }

  /** The reply to « put my question in the e-mail »: the e-mail is its button (a card: Teams shows no link in suggested actions). */
  attached(held: boolean): Answer {
    return { ...simpleAnswer('learning.handoffMail', this.say(held ? 'learning.handoff.attached' : 'learning.handoff.noQuestion')), lines: [this.say('learning.handoff.to')] };
  }

  /** The e-mail to the délégués; the question only when the user asked for it (already scrubbed). */
  mail(reference: string, question?: string): Mail {
    const team = this.kb.contacts.get(HANDOFF_CONTACT);
    return {
      to: team?.email ?? '',
      subject: this.say('learning.handoff.mailSubject', { reference }),
      body: question ? this.say('learning.handoff.mailBodyWithQuestion', { reference, question }) : this.say('learning.handoff.mailBody', { reference }),
    };
  }

  /** The button text of an intent in a « did you mean » question, or undefined if it has none. */
  intentQuestion(intent: string): string | undefined {
    const key = `learning.didYouMean.intents.${intent}`;
    return this.kb.hasResponse(key) ? this.say(key) : undefined;
  }

  /** « Que voulez-vous savoir ? » with one button per reading (each intent needs its question in responses.yaml). */
  didYouMean(intents: string[]): Answer {
    const choices = intents.map((i) => this.say(`learning.didYouMean.intents.${i}`)).map((q) => ({ title: q, value: q }));
    return { ...simpleAnswer('ask.didYouMean', this.say('learning.didYouMean.text'), choices, { asks: 'clarify' }), expectsInput: true };
  }
}

/** A mailto: URL (RFC 6068): subject and body percent-encoded, line breaks as CRLF. */
export function mailtoUrl(mail: Mail): string {
  const enc = (s: string) => encodeURIComponent(s.replace(/\r?\n/g, '\r\n'));
  return `mailto:${mail.to}?subject=${enc(mail.subject)}&body=${enc(mail.body)}`;
}
