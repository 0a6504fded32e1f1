/**
 * A reply of the assistant, independent of any channel: the plain text (what screen
 * readers and notifications read), an optional Adaptive Card (schema 1.5 at most, what
 * Teams renders) and the choices offered as buttons. The dialogs turn it into an activity.
 */

export interface Choice {
  /** what the button shows */
  title: string;
  /** what the button sends back as the user's text */
  value: string;
}

export interface Reply {
  /** id of the answer, for logs and tests (« use.access », « ask.profession » …) */
  kind: string;
  text: string;
  card?: AdaptiveCard;
  choices?: Choice[];
}

export type AdaptiveElement = Record<string, unknown>;

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

export const ADAPTIVE_CARD_VERSION = '1.5';

/** Plain text escaped for an Adaptive Card TextBlock (it renders a subset of Markdown). */
export function cardText(value: string): string {
  return value.replace(/([\\*_`[\]<>#])/g, '\\$1');
}

/** A TextBlock; each line of the text stays a line (Markdown needs a blank line between them). */
export function textBlock(text: string, options: Record<string, unknown> = {}): AdaptiveElement {
  return { type: 'TextBlock', text: cardText(text).replace(/\n+/g, '\n\n'), wrap: true, ...options };
}

/** A button that sends `value` back as if the user had typed it (Teams shows it in the chat). */
export function submitAction(choice: Choice): AdaptiveElement {
  return {
    type: 'Action.Submit',
    title: choice.title,
    data: { choice: choice.value, msteams: { type: 'imBack', value: choice.value } },
  };
}

/** Hosts such as Teams show a limited number of buttons per action set. */
const MAX_ACTIONS_PER_SET = 4;

/**
 * A card with the choices as buttons: a few go in the card's actions; many go in rows of
 * buttons, with a drop-down list of the same choices (id « choice ») and a « Valider »
 * button for hosts that show fewer buttons.
 */
export function adaptiveCard(
  body: AdaptiveElement[],
  choices: Choice[] = [],
  options: { fallbackText?: string; pickLabel?: string; submitLabel?: string } = {},
): AdaptiveCard {
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    lang: 'fr',
    body: [...body],
  };
  if (choices.length > 0 && choices.length <= MAX_ACTIONS_PER_SET) card.actions = choices.map(submitAction);
  if (choices.length > MAX_ACTIONS_PER_SET) {
    for (let i = 0; i < choices.length; i += MAX_ACTIONS_PER_SET) {
      card.body.push({ type: 'ActionSet', actions: choices.slice(i, i + MAX_ACTIONS_PER_SET).map(submitAction) });
    }
    if (options.pickLabel && options.submitLabel) {
      card.body.push({
        type: 'Input.ChoiceSet',
        id: 'choice',
        style: 'compact',
        label: options.pickLabel,
        choices: choices.map((c) => ({ title: c.title, value: c.value })),
      });
      card.actions = [{ type: 'Action.Submit', title: options.submitLabel }];
    }
  }
  if (options.fallbackText) card.fallbackText = options.fallbackText;
  return card;
}
