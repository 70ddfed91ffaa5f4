// A value kept on the object it was computed from, under a symbol no copy carries: the property is not
// enumerable, so spreads, Object.keys (copyPlain), JSON and structuredClone all leave it behind. For values
// computed once per event from an object made once per event (a context, a machine event, a case view):
// a WeakMap keyed by such objects costs the garbage collector more than it saves, since its entries are
// ephemerons that every young-generation collection must trace (the law's three such maps doubled the time
// of its scavenges). An object that cannot take a property (frozen or sealed) keeps nothing, and its value
// is computed again.
export interface HiddenSlot<V> {
  get(holder: object): V | undefined;
  set(holder: object, value: V): void;
}

export function hiddenSlot<V>(name: string): HiddenSlot<V> {
  const key = Symbol(name);
  return {
    get: (holder) => (holder as Record<symbol, V | undefined>)[key],
    set: (holder, value) => {
      Reflect.defineProperty(holder, key, { value, writable: true, configurable: true });
    },
  };
}
