/**
 * A list whose items are made as it is read, one at a time, and let go once written: the OSCAL risks of a fleet, held
 * as built objects, were the largest thing in memory while the results were written, and so were the assessment
 * file's encoded risks, elements and flows (./json.ts writes those). Each reading makes the items again (the
 * document's content digest reads it, then the file). JSON.stringify sees the array it stands for. A module of its
 * own: the web application's JSON layout (./json.ts) reads these lists too, and must not load node:crypto.
 */
export class LazyList<T> implements Iterable<T> {
  constructor(
    readonly length: number,
    private readonly item: (index: number) => T,
  ) {}

  /** `items.map(make)`, made as it is read. */
  static map<S, T>(items: readonly S[], make: (item: S) => T): LazyList<T> {
    return new LazyList(items.length, (i) => make(items[i]!));
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.item(i);
  }

  toJSON(): T[] {
    return [...this];
  }
}
