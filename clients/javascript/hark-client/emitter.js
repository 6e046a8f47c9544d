/**
 * A minimal typed event emitter. `on` returns the function that unsubscribes, which is what a
 * React effect's cleanup wants. A listener that throws is reported on the console and never
 * reaches the client's own logic: an app bug must not break resume.
 */
export class Emitter {
  /** @type {Map<string, Set<(value: any) => void>>} */
  #listeners = new Map();

  /**
   * @param {string} type
   * @param {(value: any) => void} listener
   * @returns {() => void} unsubscribes
   */
  on(type, listener) {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** @param {string} type @param {unknown} value */
  emit(type, value) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(value);
      } catch (e) {
        console.error(`hark-client: a '${type}' listener threw`, e);
      }
    }
  }
}
