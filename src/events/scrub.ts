/**
 * Scrubbing of the texts kept for review (only when the CPAM opts in): what could
 * identify a person or carry a number of theirs is replaced by a placeholder before
 * anything is written.
 *   - e-mail addresses → [courriel]
 *   - dates (« 12/03/1985 ») → [date]
 *   - social security numbers (NIR, 13 or 15 digits, 2A/2B for Corsica) → [NIR]
 *   - phone numbers (0X XX XX XX XX, +33, 0033, « 0 825 852 000 ») → [téléphone]
 *   - RPPS (11 digits), ADELI (9 digits), card and other numbers of 6 digits or more → [numéro]
 *   - names after « je m'appelle », « mon nom est », « moi c'est », « Dr », « Pr »,
 *     « Mme », « Mlle », « M. », and after « docteur », « madame », « monsieur »,
 *     « professeur » when the name is written with a capital → [nom]
 * It cannot recognise every health datum in free text: the widget tells users not to
 * type any, and the texts are kept for a limited time (REVIEW_RETENTION_DAYS).
 */
import { plainOneLine } from '../domain/text';

/** Longest text kept for review, in characters. */
export const MAX_REVIEW_LENGTH = 500;

const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|\(at\)|\[at\]|\barobase\b)\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\bpoint\b)\s*[\p{L}\p{N}-]+)+/giu;
const DATE = /(?<!\d[\s./-]?)\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:\d{4}|\d{2})(?![\s./-]?\d)/gu;
/** 1 or 2, year, month, department (2A, 2B for Corsica), commune, order, and the key */
const NIR = /(?<![\p{L}\p{N}])[12][\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?(?:\d{2}|2[AB])[\s.-]?\d{3}[\s.-]?\d{3}(?:[\s.-]?\d{2})?(?![\p{L}\p{N}])/giu;
/** a run of digits with separators, maybe with an international prefix */
const DIGITS = /(?<![\p{L}\p{N}])(?:\+\d{2,3}[\s.-]?(?:\(0\)[\s.-]?)?)?\d(?:[\s.\-/]?\d){5,}(?![\p{L}\p{N}])/gu;

function digitPlaceholder(run: string): string {
  const digits = run.replace(/\D/g, '');
  if (/^\+/.test(run.trim()) || /^00\d/.test(digits) || (digits.length === 10 && digits.startsWith('0'))) return '[téléphone]';
  if ((digits.length === 13 || digits.length === 15) && /^[12]/.test(digits)) return '[NIR]';
  return '[numéro]';
}

/** Words that are not names, after a title written in lower case (« le docteur en charge »). */
const NOT_NAMES = new Set(
  (
    "a à au aux avec c ce ces cette chez comment d dans de des du elle en est et il j je l la le les leur lui m ma me mes mon ne ni nous on ou où par pas peut pour puis qu que quel quelle quelles quels qui s sa se ses si son sont sur ta te tes ton tu un une vous y " +
    'junior juniors senior interne internes remplaçant remplaçante remplaçants remplaçantes salarié salariée libéral libérale traitant traitante généraliste généralistes spécialiste ' +
    'dit a dit veut voudrait demande souhaite aimerait m’a m\'a'
  ).split(/\s+/),
);

/** A word that can be part of a name (letters, inner hyphens and apostrophes). */
const NAME_WORD = /^[\p{L}][\p{L}'’-]*$/u;
const PARTICLES = new Set(['de', 'du', 'des', 'le', 'la', 'van', 'von', 'di', 'da', "d'", 'd’']);

/**
 * Triggers before a name. `anyCase`: the next word is a name however it is written
 * (« je m'appelle martin »); otherwise it must not be a common word (abbreviations) or
 * must start with a capital (full words such as « docteur »).
 */
const TRIGGERS: Array<{ re: RegExp; mode: 'anyCase' | 'notCommon' | 'capital' }> = [
  { re: /\bje\s+m(?:['’]\s*|\s+)ap+el+e?\b|\bmon\s+nom\s+(?:est|c['’]\s*est)\b|\bmoi\s+c['’]\s*est\b|\bje\s+suis\s+(?:le|la)\s+(?:dr|docteur|docteure|pr)\b\.?/giu, mode: 'anyCase' },
  { re: /\b(?:dr|pr|mme|mmes|mlle|mlles)\b\.?|\bM\.|\bMM\./giu, mode: 'notCommon' },
  { re: /\b(?:docteur|docteure|doctoresse|madame|mademoiselle|monsieur|professeur|professeure|maître)\b/giu, mode: 'capital' },
];

function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

/** Whether the words after a particle reach a capitalised word through particles only. */
function capitalizedAfterParticles(rest: string): boolean {
  for (const w of rest.split(/[\s]+/u).filter(Boolean).slice(0, 3)) {
    if (isCapitalized(w)) return NAME_WORD.test(w.replace(/[.,;:!?…]+$/u, ''));
    if (!PARTICLES.has(w.toLowerCase())) return false;
  }
  return false;
}

/** Replaces the name words that follow each trigger by [nom]. */
function scrubNames(text: string): string {
  type Span = { start: number; end: number };
  const spans: Span[] = [];
  for (const { re, mode } of TRIGGERS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let pos = m.index + m[0].length;
      let taken = 0;
      let start = -1;
      let end = -1;
      for (;;) {
        // the first word may follow a colon (« je m'appelle : Jean »); a comma ends the name
        const next = (taken === 0 ? /^[\s,:]*([^\s,;:!?()]+)/u : /^\s+([^\s,;:!?()]+)/u).exec(text.slice(pos));
        if (!next) break;
        const raw = next[1].replace(/[.…]+$/u, '');
        const word = raw.toLowerCase();
        if (!NAME_WORD.test(raw)) break;
        const first = taken === 0;
        let isName: boolean;
        if (PARTICLES.has(word) && (!first || mode !== 'capital')) {
          // « de la Tour », « M. de Gaulle »: particles belong to the name if a capitalised word follows them
          isName = capitalizedAfterParticles(text.slice(pos + next[0].length));
        } else if (first && mode === 'notCommon') {
          isName = isCapitalized(raw) || !NOT_NAMES.has(word);
        } else if (first && mode === 'anyCase') {
          isName = !NOT_NAMES.has(word) || isCapitalized(raw);
        } else {
          isName = isCapitalized(raw) && (!NOT_NAMES.has(word) || taken > 0 || mode !== 'capital');
        }
        if (!isName) break;
        const wordStart = pos + next[0].length - next[1].length;
        if (start < 0) start = wordStart;
        end = wordStart + raw.length;
        pos = wordStart + next[1].length;
        taken += 1;
        if (taken >= 4) break;
      }
      if (start >= 0) spans.push({ start, end });
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + '[nom]';
    at = s.end;
  }
  return out + text.slice(at);
}

/** The text with personal data replaced by placeholders, on one line, cut to MAX_REVIEW_LENGTH. */
export function scrub(text: string): string {
  let s = plainOneLine(text);
  s = s.replace(EMAIL, '[courriel]');
  s = s.replace(DATE, '[date]');
  s = s.replace(NIR, '[NIR]');
  s = s.replace(DIGITS, digitPlaceholder);
  s = scrubNames(s);
  if (s.length > MAX_REVIEW_LENGTH) s = `${s.slice(0, MAX_REVIEW_LENGTH - 1)}…`;
  return s;
}
