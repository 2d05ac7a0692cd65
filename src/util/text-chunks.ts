/** Text produced in many small pieces, handed on in fewer large ones. */

/**
 * The pieces of `chunks` joined into strings of about `size` characters (the last may be shorter; none is empty): a
 * write, a hash update or a deflate call per small piece would cost more than the text.
 */
export function* batched(chunks: Iterable<string>, size: number): Generator<string> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= size) {
      yield pending;
      pending = '';
    }
  }
  if (pending) yield pending;
}

/**
 * Text that is one string or already in pieces, as pieces: the string whole (`yield*` would hand it out a character
 * at a time).
 */
export const pieces = (text: string | Iterable<string>): Iterable<string> => (typeof text === 'string' ? [text] : text);

/** Text in pieces, made anew each time it is read: a report's content may be read more than once. */
export const rereadable = (make: () => Iterable<string>): Iterable<string> => ({
  [Symbol.iterator]: () => make()[Symbol.iterator](),
});
