/**
 * A part of the server built on first use. `value` stands for it from the start (a Proxy: the first property read
 * builds it, synchronously, so a caller that needs it waits for it and never sees it half-built), and `build()`
 * builds it now (start-up does, once the server listens). After that, every read goes to the built object.
 */
export type Lazy<T extends object> = {
  value: T;
  build(): T;
  readonly built: boolean;
};

export function lazy<T extends object>(make: () => T): Lazy<T> {
  let real: T | undefined;
  const build = () => (real ??= make());
  // Methods keep their object (`this`) when read through the proxy; bound once each.
  const bound = new Map<PropertyKey, { of: unknown; fn: unknown }>();
  const value = new Proxy({} as T, {
    get(_target, prop) {
      const r = build();
      const v = Reflect.get(r, prop, r);
      if (typeof v !== 'function') return v;
      const seen = bound.get(prop);
      if (seen && seen.of === v) return seen.fn;
      const fn = (v as (...a: unknown[]) => unknown).bind(r);
      bound.set(prop, { of: v, fn });
      return fn;
    },
    set: (_target, prop, v) => Reflect.set(build(), prop, v),
    has: (_target, prop) => Reflect.has(build(), prop),
    ownKeys: () => Reflect.ownKeys(build()),
    getOwnPropertyDescriptor(_target, prop) {
      const d = Reflect.getOwnPropertyDescriptor(build(), prop);
      // A proxy may not report a property its (empty) target lacks as non-configurable.
      return d && { ...d, configurable: true };
    },
  });
  return {
    value,
    build,
    get built() {
      return real !== undefined;
    },
  };
}

/**
 * A part built in slices: `make` is a generator that yields between slices. `step()` does one slice (start-up
 * yields to the event loop between them, so a request such as /health is not held behind the whole build) and says
 * whether the part is built; `build()` and any use of `value` finish the rest at once, as `lazy` does.
 */
export function lazyInSteps<T extends object>(make: () => Generator<void, T, void>): Lazy<T> & { step(): boolean } {
  let run: Generator<void, T, void> | undefined;
  // The value a step finished with (a finished generator gives it only once).
  let made: T | undefined;
  const part = lazy(() => made ?? drain((run ??= make())));
  return {
    value: part.value,
    build: part.build,
    get built() {
      return part.built;
    },
    step() {
      if (part.built) return true;
      const r = (run ??= make()).next();
      if (!r.done) return false;
      made = r.value;
      part.build();
      return true;
    },
  };
}

/** Runs a sliced build to the end at once. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
