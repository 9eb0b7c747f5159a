/** @zos/storage: localStorage, LocalStorage, sessionStorage. Follows `@zeppos/device-types` 4.0. */
import { type ZosHost } from './host.js';

export function createStorage(host: ZosHost) {
  const store = host.api.system.localStorage;
  const clone = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  /**
   * The `LocalStorage` class (API 3.0): "An instance keeps loaded data in memory"
   * (storage/localStorage.mdx): an instance reads the file once, then answers from its own copy. A page and an app-service are separate processes
   * with separate instances, so a value one of them writes is not seen by an instance the other
   * loaded earlier; a new instance (`new LocalStorage()`) reads the file again. Writes go to the
   * file key by key (how the device merges them is for a real watch to confirm).
   */
  const copies = new WeakMap<object, Record<string, unknown>>();
  class LocalStorage {
    load(): Record<string, unknown> {
      let mem = copies.get(this);
      if (mem === undefined) {
        mem = clone(store.value) as Record<string, unknown>;
        copies.set(this, mem);
      }
      return mem;
    }
    setItem(key: string, value: unknown): void {
      const k = String(key);
      const v = clone(value);
      this.load()[k] = v;
      store.update((d) => {
        d[k] = clone(v);
      });
    }
    /** Returns the stored value (the 4.0 d.ts types it as void, the device returns it). */
    getItem(key: string, defaultValue?: unknown): unknown {
      const d = this.load();
      const k = String(key);
      return k in d ? clone(d[k]) : defaultValue;
    }
    removeItem(key: string): void {
      const k = String(key);
      delete this.load()[k];
      store.update((d) => {
        delete d[k];
      });
    }
    clear(): void {
      copies.set(this, {});
      store.update((d) => {
        for (const k of Object.keys(d)) delete d[k];
      });
    }
  }
  const session = new Map<string, unknown>();
  class SessionStorage {
    setItem(key: string, value: unknown): void {
      session.set(String(key), clone(value));
    }
    getItem(key: string, defaultValue?: unknown): unknown {
      return session.has(String(key)) ? clone(session.get(String(key))) : defaultValue;
    }
    removeItem(key: string): void {
      session.delete(String(key));
    }
    clear(): void {
      session.clear();
    }
  }
  return {
    // The `localStorage` object (API 2.0, storage/localStorage-instance.mdx) claims no cache: it
    // reads the file each time, so every process sees the latest write.
    localStorage: {
      setItem: (key: string, value: unknown) => new LocalStorage().setItem(key, value),
      getItem: (key: string, defaultValue?: unknown) => new LocalStorage().getItem(key, defaultValue),
      removeItem: (key: string) => new LocalStorage().removeItem(key),
      clear: () => new LocalStorage().clear(),
    },
    LocalStorage,
    sessionStorage: new SessionStorage(),
    SessionStorage,
  };
}
