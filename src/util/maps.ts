/** The value under `key`, made by `make` and stored the first time it is asked for. */
export function getOrCreate<K, V>(
  map: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  make: () => V,
): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/**
 * The first list `pool` has seen with the same items as `list` (compared one by one), else `list`, which it keeps:
 * equal lists a fleet repeats (the keys of its mappings, the data its flows carry) become one array. The items (or
 * their names) are joined to look the list up, and compared because a name may hold the joining line break.
 */
export function sharedList<T>(pool: Map<string, T[]>, list: T[], name?: (item: T) => string): T[] {
  const shared = getOrCreate(pool, (name ? list.map(name) : list).join('\n'), () => list);
  return shared.length === list.length && shared.every((item, i) => item === list[i]) ? shared : list;
}
