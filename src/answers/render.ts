/**
 * The renderers of an Answer (answer.ts): an Adaptive Card (schema 1.5, what Teams and
 * Web Chat render) and plain text (the terminal, screen readers, notifications). Both
 * keep the answer's reading order; neither adds wording of its own (labels come in).
 */
import type { Answer, Choice, DetailSection, UseLine } from './answer';

type AdaptiveElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5' | '1.4' | '1.3' | '1.2';
  body: AdaptiveElement[];
  actions?: AdaptiveElement[];
  lang?: string;
  fallbackText?: string;
  speak?: string;
}

const ADAPTIVE_CARD_VERSION = '1.5';
/** Hosts such as Teams show a limited number of buttons per action set. */
const MAX_ACTIONS_PER_SET = 4;
/** Each card's details get an id of their own: two cards on one page must not share it. */
let detailsSeq = 0;

/** The words renderers need, from responses.yaml (labels.*). */
export interface RenderLabels {
  details: string;
  hideDetails: string;
  pick: string;
  submit: string;
  symbols: Record<UseLine['status'], string>;
}

/** Plain text escaped for an Adaptive Card TextBlock (it renders a subset of Markdown). */
function cardText(value: string): string {
  return value.replace(/([\\*_`[\]<>#])/g, '\\$1');
}

/** A TextBlock; each line of the text stays a line (Markdown needs a blank line between them). */
function textBlock(text: string, options: Record<string, unknown> = {}): AdaptiveElement {
  return { type: 'TextBlock', text: cardText(text).replace(/\n+/g, '\n\n'), wrap: true, ...options };
}

/** A button that sends `value` back as if the user had typed it (Teams shows it in the chat). */
function submitAction(choice: Choice): AdaptiveElement {
  return {
    type: 'Action.Submit',
    title: choice.title,
    data: { choice: choice.value, msteams: { type: 'imBack', value: choice.value } },
  };
}

/** One line per use, its status symbol first (a ColumnSet per line weighed four times as much to send). */
function useRows(uses: UseLine[], labels: RenderLabels): AdaptiveElement[] {
  return uses.map((u) => textBlock(`${labels.symbols[u.status]} ${u.text}`, { spacing: 'None' }));
}

function sectionElements(section: DetailSection, labels: RenderLabels): AdaptiveElement[] {
  const out: AdaptiveElement[] = [];
  if (section.title) out.push(textBlock(section.title, { weight: 'Bolder', spacing: 'Medium' }));
  if (section.facts && section.facts.length > 0) out.push({ type: 'FactSet', facts: section.facts });
  section.lines.forEach((l) => out.push(textBlock(l, { spacing: 'Small' })));
  if (section.uses) out.push(...useRows(section.uses, labels));
  return out;
}

/** The answer as an Adaptive Card 1.5: first sight, then the details behind a toggle. */
export function renderCard(answer: Answer, labels: RenderLabels): AdaptiveCard {
  const body: AdaptiveElement[] = [];
  if (answer.lead) body.push(textBlock(answer.lead));
  if (answer.decisive.length > 0) {
    body.push({ type: 'Container', style: 'warning', items: answer.decisive.map((d) => textBlock(d, { weight: 'Bolder' })) });
  }
  if (answer.title) body.push(textBlock(answer.title, { weight: 'Bolder', size: 'Medium', style: 'heading' }));
  if (answer.headline) body.push(textBlock(answer.headline, answer.title ? {} : { weight: 'Bolder' }));
  answer.lines.forEach((l) => body.push(textBlock(l)));
  if (answer.source) body.push(textBlock(answer.source, { size: 'Small', spacing: 'Medium' }));
  const actions: AdaptiveElement[] = [];
  const details = answer.details.flatMap((s) => sectionElements(s, labels));
  if (details.length > 0) {
    const id = `details-${(++detailsSeq).toString(36)}`;
    body.push({ type: 'Container', id, isVisible: false, items: details });
    actions.push({ type: 'Action.ToggleVisibility', title: labels.details, targetElements: [id] });
  }
  const choices = answer.choices;
  if (choices.length > 0 && !answer.manyChoices && choices.length + actions.length <= MAX_ACTIONS_PER_SET + 1) {
    actions.push(...choices.map(submitAction));
  } else if (choices.length > 0) {
    for (let i = 0; i < choices.length; i += MAX_ACTIONS_PER_SET) {
      body.push({ type: 'ActionSet', actions: choices.slice(i, i + MAX_ACTIONS_PER_SET).map(submitAction) });
    }
    if (answer.manyChoices) {
      body.push({ type: 'Input.ChoiceSet', id: 'choice', style: 'compact', label: labels.pick, choices: choices.map((c) => ({ title: c.title, value: c.value })) });
      actions.push({ type: 'Action.Submit', title: labels.submit });
    }
  }
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    lang: 'fr',
    body,
  };
  if (actions.length > 0) card.actions = actions;
  return card;
}

/** What a reader sees at first sight, as paragraphs. */
export function firstSight(answer: Answer): string[] {
  return [...(answer.lead ? [answer.lead] : []), ...answer.decisive, ...(answer.title ? [answer.title] : []), ...(answer.headline ? [answer.headline] : []), ...answer.lines, ...(answer.source ? [answer.source] : [])];
}

/** The number of characters a reader sees before opening the details. */
export function visibleLength(answer: Answer): number {
  return firstSight(answer).join('\n\n').length;
}

/** The answer as plain text: first sight, then (optionally) the details and the choices. */
export function renderText(answer: Answer, labels: RenderLabels, options: { details?: boolean; choices?: boolean } = {}): string {
  const parts = firstSight(answer);
  if (options.details) {
    for (const s of answer.details) {
      const lines = [
        ...(s.title ? [`${s.title} :`] : []),
        ...(s.facts ?? []).map((f) => `${f.title} : ${f.value}`),
        ...s.lines,
        ...(s.uses ?? []).map((u) => `${labels.symbols[u.status]} ${u.text}`),
      ];
      if (lines.length > 0) parts.push(lines.join('\n'));
    }
  }
  if (options.choices && answer.choices.length > 0) parts.push(answer.choices.map((c) => `• ${c.title}`).join('\n'));
  return parts.join('\n\n');
}
