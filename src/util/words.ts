/** Small helpers for messages in English. */

/** The word with its indefinite article: "a camera", "an industrial product". */
export function withArticle(words: string): string {
  return /^[aeiou]/i.test(words) ? `an ${words}` : `a ${words}`;
}
