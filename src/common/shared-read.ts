/**
 * Reads of the same key asked for within one turn of the event loop share one
 * read, issued once that turn's I/O callbacks have run (setImmediate): under
 * load the requests parsed from one poll of the sockets ask once instead of
 * once each. A read is issued only after every caller sharing it asked, so
 * each still sees every write that finished before it asked; a caller that
 * asks once the read is out starts the next one.
 */
export class SharedRead<T> {
  private readonly pending = new Map<string, Promise<T>>();

  constructor(private readonly read: (key: string) => Promise<T>) {}

  get(key: string): Promise<T> {
    let shared = this.pending.get(key);
    if (!shared) {
      shared = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.pending.delete(key);
        return this.read(key);
      });
      this.pending.set(key, shared);
    }
    return shared;
  }
}
