/**
 * Bytes that bodies being read at once may hold together. A request reserves its whole share before it reads a
 * byte, so partly read bodies never deadlock; requests that do not fit wait in line for a bounded time.
 */
export class ByteBudget {
  #free: number;
  readonly #waiting: Array<{ bytes: number; grant: (release: () => void) => void }> = [];

  constructor(readonly total: number) {
    this.#free = total;
  }

  /**
   * Resolves once `bytes` fit, with the function that gives them back (once, however often it is called), or with
   * undefined when `waitMs` pass first.
   */
  reserve(bytes: number, waitMs: number): Promise<(() => void) | undefined> {
    const wanted = Math.min(bytes, this.total);
    if (wanted === 0 || (this.#waiting.length === 0 && wanted <= this.#free))
      return Promise.resolve(this.#take(wanted));
    return new Promise((resolve) => {
      const entry = { bytes: wanted, grant: (release: () => void) => resolve(release) };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(entry), 1);
        resolve(undefined);
        this.#grantWaiting();
      }, waitMs);
      entry.grant = (release) => {
        clearTimeout(timer);
        resolve(release);
      };
      this.#waiting.push(entry);
    });
  }

  get free(): number {
    return this.#free;
  }

  #take(bytes: number): () => void {
    this.#free -= bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#free += bytes;
      this.#grantWaiting();
    };
  }

  #grantWaiting(): void {
    for (let next = this.#waiting[0]; next && next.bytes <= this.#free; next = this.#waiting[0]) {
      this.#waiting.shift();
      next.grant(this.#take(next.bytes));
    }
  }
}
