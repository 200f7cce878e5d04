/**
 * A small typed event emitter. A listener that throws must not break the client (the inbox would
 * stop half-way through a page), so its error is reported and the next listener still runs.
 */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>();

  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    // A wrapper per registration: the same function registered twice is called twice, removed once each.
    const entry = (value: never): void => listener(value);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    const set = this.listeners.get(event);
    if (set === undefined) {
      return;
    }
    for (const l of [...set]) {
      try {
        (l as (v: Events[K]) => void)(value);
      } catch (e) {
        report(e);
      }
    }
  }
}

function report(e: unknown): void {
  const g = globalThis as { reportError?: (e: unknown) => void };
  if (typeof g.reportError === "function") {
    g.reportError(e); // browsers: shown like an uncaught error, without unwinding the client
  } else {
    console.error("im-client: a listener threw", e);
  }
}
