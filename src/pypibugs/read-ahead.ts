/**
 * Git reads started ahead: a unit reads 3-4 things per line (parents, the buggy file, the commit's
 * renames, the fixed file), each a git process that takes tens of milliseconds to start. Started
 * one after another they left the unit's thread idle about 40% of the time; started for every line
 * at once (git runs them a few at a time), they are ready by the time each line's analysis needs
 * them. Each read happens once; its answer, or its error, is handed to whoever asks for it.
 */
import type { RepositoryReader } from './git-reader.js';

export class ReadAheadReader implements RepositoryReader {
  private readonly started = new Map<string, Promise<unknown>>();

  constructor(private readonly inner: RepositoryReader) {}

  parents(commit: string): Promise<string[] | null> {
    return this.once(`parents\0${commit}`, () => this.inner.parents(commit));
  }

  readFile(commit: string, path: string): Promise<Buffer | null> {
    return this.once(`file\0${commit}\0${path}`, () => this.inner.readFile(commit, path));
  }

  pathAfter(parent: string, commit: string, path: string): Promise<string | null> {
    return this.once(`after\0${parent}\0${commit}\0${path}`, () => this.inner.pathAfter(parent, commit, path));
  }

  /** Starts every read that the line `{hash, oldPath}` will make (see processLine). */
  startLine(hash: string, oldPath: string): void {
    const chain = this.parents(hash).then(async (parents) => {
      if (parents === null || parents.length !== 1) return;
      const parent = parents[0]!;
      void this.readFile(parent, oldPath).catch(() => undefined);
      const fixedPath = await this.pathAfter(parent, hash, oldPath);
      if (fixedPath !== null) await this.readFile(hash, fixedPath);
    });
    // Failures reach the line when it asks for the read that failed.
    chain.catch(() => undefined);
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let promise = this.started.get(key) as Promise<T> | undefined;
    if (promise === undefined) {
      promise = read();
      promise.catch(() => undefined);
      this.started.set(key, promise);
    }
    return promise;
  }
}
