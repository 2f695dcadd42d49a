/**
 * Browser storage behind a small interface. Storage can be missing or throw
 * (blocked third-party storage, private modes, quota): then values live in
 * memory for this page only, and the widget still works.
 */
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function memoryStore(): KeyValue {
  const map = new Map<string, string>();
  return {
    get: (k) => map.get(k) ?? null,
    set: (k, v) => void map.set(k, v),
    remove: (k) => void map.delete(k),
  };
}

/** Keys are prefixed (e.g. "skranke:ror-ikt:") so organisations and host scripts do not collide. */
export function browserStore(prefix: string, kind: "local" | "session"): KeyValue {
  let backing: Storage | null = null;
  try {
    backing = kind === "local" ? window.localStorage : window.sessionStorage;
    const probe = `${prefix}probe`;
    backing.setItem(probe, "1");
    backing.removeItem(probe);
  } catch {
    backing = null;
  }
  const fallback = memoryStore();
  if (!backing) return prefixed(prefix, fallback);
  const store = backing;
  return prefixed(prefix, {
    get(k) {
      try {
        return store.getItem(k) ?? fallback.get(k);
      } catch {
        return fallback.get(k);
      }
    },
    set(k, v) {
      try {
        store.setItem(k, v);
      } catch {
        fallback.set(k, v);
      }
    },
    remove(k) {
      fallback.remove(k);
      try {
        store.removeItem(k);
      } catch {
        /* ignore */
      }
    },
  });
}

function prefixed(prefix: string, inner: KeyValue): KeyValue {
  return {
    get: (k) => inner.get(prefix + k),
    set: (k, v) => inner.set(prefix + k, v),
    remove: (k) => inner.remove(prefix + k),
  };
}

export function readJson<T>(store: KeyValue, key: string, fallback: T): T {
  const raw = store.get(key);
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

export function writeJson(store: KeyValue, key: string, value: unknown): void {
  store.set(key, JSON.stringify(value));
}
