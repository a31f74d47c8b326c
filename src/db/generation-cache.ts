/**
 * Values looked up at a change generation (see changeGeneration), kept while it holds. A value
 * is stored only under the generation read before its lookup, so a lookup that raced a write
 * is never served once that write is visible.
 */
export class GenerationCache<V> {
  readonly #max: number;
  #generation = -1;
  #entries = new Map<string, V>();

  constructor(maxEntries: number) {
    this.#max = maxEntries;
  }

  get(generation: number, key: string): V | undefined {
    if (generation > this.#generation) {
      this.#generation = generation;
      this.#entries = new Map();
    }
    return generation === this.#generation ? this.#entries.get(key) : undefined;
  }

  set(generation: number, key: string, value: V): void {
    if (generation !== this.#generation) return;
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(key, value);
  }
}
