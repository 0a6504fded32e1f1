/** Text from a user, made safe to show or keep: no markup, no control characters, on one line. */
export function plainOneLine(text: string): string {
  return String(text ?? '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
