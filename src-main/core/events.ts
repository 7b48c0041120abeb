// A tiny typed event bus: the core pushes, the ledger / UI / notifications / HTTP event stream subscribe.
export class TypedEmitter<Events extends { type: string }> {
  readonly #listeners = new Set<(event: Events) => void>();

  on(listener: (event: Events) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Someone subscribed: a producer may skip building an event that nobody would receive. */
  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  emit(event: Events): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken subscriber (UI, notifications) must never break request handling.
        console.error(`event listener failed on ${event.type}:`, error);
      }
    }
  }
}
