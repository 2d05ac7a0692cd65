/**
 * The few Reflect metadata functions tsyringe (a dependency of @peculiar/x509) checks for at load time. The
 * project ships no reflect-metadata package, and x509 parsing needs none of the metadata, so a small WeakMap store
 * is enough. Import this module before @peculiar/x509. It adds nothing when a real polyfill is already present.
 */
type Store = WeakMap<object, Map<unknown, unknown>>;
type ReflectWithMetadata = typeof Reflect & {
  getMetadata?: (key: unknown, target: object) => unknown;
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  metadata?: (key: unknown, value: unknown) => (target: object) => void;
};

const R = Reflect as ReflectWithMetadata;
if (!R.getMetadata) {
  const store: Store = new WeakMap();
  const own = (key: unknown, target: object) => store.get(target)?.get(key);
  R.getOwnMetadata = own;
  R.getMetadata = (key, target) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const value = own(key, t);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  R.defineMetadata = (key, value, target) => {
    let map = store.get(target);
    if (!map) {
      map = new Map();
      store.set(target, map);
    }
    map.set(key, value);
  };
  R.metadata = (key, value) => (target) => R.defineMetadata!(key, value, target);
}

export {};
