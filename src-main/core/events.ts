// A tiny typed event bus: the core pushes, the ledger / UI / notifications / HTTP event stream subscribe.
type Listener<Events> = (event: Events) => void;

export class TypedEmitter<Events extends { type: string }> {
  /** Each listener with the event types it takes (undefined: all). */
  readonly #listeners = new Map<Listener<Events>, ReadonlySet<string> | undefined>();
  /** Listeners taking every type, and per type those that take only some: `listening` without a loop. */
  #forAll = 0;
  readonly #forType = new Map<string, number>();

  /** Subscribes to every event, or only to `types` (e.g. the ledger to `request-finished`). */
  on(listener: Listener<Events>, types?: ReadonlyArray<Events['type']>): () => void {
    if (this.#listeners.has(listener)) return () => this.#off(listener);
    const only = types ? new Set<string>(types) : undefined;
    this.#listeners.set(listener, only);
    this.#count(only, 1);
    return () => this.#off(listener);
  }

  /**
   * Someone would receive an event of `type` (of any type when omitted): a producer may skip building events
   * nobody receives — the in-flight registry's progress events while no dashboard is connected.
   */
  listening(type?: Events['type']): boolean {
    if (this.#forAll > 0) return true;
    if (type === undefined) return this.#listeners.size > 0;
    return (this.#forType.get(type) ?? 0) > 0;
  }

  emit(event: Events): void {
    for (const [listener, only] of this.#listeners) {
      if (only && !only.has(event.type)) continue;
      try {
        listener(event);
      } catch (error) {
        // A broken subscriber (UI, notifications) must never break request handling.
        console.error(`event listener failed on ${event.type}:`, error);
      }
    }
  }

  #off(listener: Listener<Events>): boolean {
    if (!this.#listeners.has(listener)) return false;
    this.#count(this.#listeners.get(listener), -1);
    return this.#listeners.delete(listener);
  }

  #count(only: ReadonlySet<string> | undefined, delta: number): void {
    if (!only) {
      this.#forAll += delta;
      return;
    }
    for (const type of only) this.#forType.set(type, (this.#forType.get(type) ?? 0) + delta);
  }
}
