/**
 * A list whose items are made when they are read. The assessment file's encoder maps each risk, element and flow this
 * way, so that the JSON writer makes one encoded item, writes it and lets it go: built whole, a 100 000-element
 * fleet's encoded lists lived all at once beside the assessment they came from (about 0.3 GB) while the file was
 * written. `JSON.stringify` sees the whole list (toJSON), so the file's text is the same either way.
 */
export class MappedList<T, U extends object> {
  constructor(
    private readonly items: readonly T[],
    private readonly map: (item: T) => U,
  ) {}

  get length(): number {
    return this.items.length;
  }

  at(index: number): U {
    return this.map(this.items[index]!);
  }

  toJSON(): U[] {
    return this.items.map(this.map);
  }
}
