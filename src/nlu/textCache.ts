/**
 * The results of a pure function of a message's text, for the most recent texts: a turn
 * reads its message several times (interruptions, prompt validation, routing) and users
 * repeat the same questions. Long texts are not kept; the oldest entry goes first. Also
 * used for the pseudonyms of conversation ids (events/recorder.ts).
 */
export class TextCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly size = 1000,
    private readonly longest = 500,
  ) {}

  /** The cached value for the text, or the one `compute` gives (kept when the text is short). */
  get(text: string, compute: (text: string) => V): V {
    const hit = this.entries.get(text);
    if (hit !== undefined) return hit;
    const value = compute(text);
    if (text.length <= this.longest) {
      if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(text, value);
    }
    return value;
  }
}
