/**
 * @peculiar/x509 finds its algorithm providers through tsyringe, which refuses to load unless the Reflect
 * metadata API exists (normally installed by the `reflect-metadata` package, which this project does not
 * depend on). tsyringe calls only these three functions, and x509's classes carry no constructor metadata, so
 * a per-object map is all it needs. A real polyfill loaded earlier wins: nothing is replaced.
 */
type MetadataTarget = object;

const store = new WeakMap<MetadataTarget, Map<unknown, unknown>>();

function own(target: MetadataTarget): Map<unknown, unknown> | undefined {
  return store.get(target);
}

const reflect = Reflect as typeof Reflect & {
  getMetadata?: (key: unknown, target: MetadataTarget) => unknown;
  getOwnMetadata?: (key: unknown, target: MetadataTarget) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: MetadataTarget) => void;
};

if (typeof reflect.getMetadata !== "function") {
  reflect.getOwnMetadata = (key, target) => own(target)?.get(key);
  reflect.getMetadata = (key, target) => {
    // Metadata is inherited along the prototype chain, as in reflect-metadata.
    for (let t: MetadataTarget | null = target; t; t = Object.getPrototypeOf(t)) {
      const map = own(t);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  };
  reflect.defineMetadata = (key, value, target) => {
    let map = own(target);
    if (!map) store.set(target, (map = new Map()));
    map.set(key, value);
  };
}

export {};
