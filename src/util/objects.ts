/**
 * `{ ...base, ...extra }` for objects made by the thousand (a fleet's elements and flows, the JSON's rows).
 *
 * On Node 20 (V8 11.3) an object literal that spreads an object and then sets properties of its own gets a hidden
 * class of its own: ten thousand flows built that way had ten thousand classes, so every property read on them missed
 * V8's inline caches (about 15 times slower) and each class cost memory. Copying onto a fresh object with
 * Object.assign shares one class among objects with the same keys in the same order. The result is the same for plain
 * data (no setters, no `__proto__` key: the YAML reader refuses it).
 */
export function extend<T extends object, U extends object>(base: T, extra: U): Omit<T, keyof U> & U {
  return Object.assign({}, base, extra);
}

/**
 * extend() onto a copy of `shape`, an object with every key the result may have (values undefined), in one order.
 * Objects with more than about sixteen keys copied by Object.assign go into V8's slow dictionary mode, and objects with
 * the keys each one states get a class per key set; made from one shape, they share one fast class. The result has
 * every key of the shape, undefined where neither input gives it.
 */
export function extendShaped<T extends object, U extends object>(
  shape: Readonly<Record<string, undefined>>,
  base: T,
  extra: U,
): Omit<T, keyof U> & U {
  return Object.assign({ ...shape }, base, extra);
}

/** A plain record: anything of type object but null and arrays (zod's test for an object too). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
