/**
 * One long-lived `git cat-file --batch` process answering object requests in order: a request is
 * one line (an object name), an answer is `<oid> <type> <size>\n<bytes>\n`, or `<name> missing\n`
 * (also `ambiguous`). Requests may be issued concurrently; they are written at once and matched to
 * answers first in, first out. Spawned directly with node:child_process (argument array, no
 * shell) because simple-git runs a command to completion and cannot stream a process's stdin.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface BatchObject {
  readonly type: string;
  readonly bytes: Buffer;
}

interface Pending {
  readonly name: string;
  /** Sent again to a new process after an earlier one died on another request. */
  readonly resent?: boolean;
  resolve(object: BatchObject | null): void;
  reject(error: Error): void;
}

const NEWLINE = 0x0a;
const STDERR_KEPT = 2000;

export class CatFileBatch {
  private child: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  private readonly queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The answer being read: its header is parsed, its body (size + 1 newline) not yet complete. */
  private body: { type: string; size: number } | undefined;
  private stderr = '';

  constructor(
    private readonly dir: string,
    private readonly gitArgs: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Whether `name` can be sent as one request line (git strips a trailing CR and splits at LF). */
  static canAsk(name: string): boolean {
    return !/[\n\r\0]/.test(name);
  }

  /** The object `name`, or null when git answers that it is missing or ambiguous. */
  get(name: string): Promise<BatchObject | null> {
    return new Promise((resolve, reject) => this.send({ name, resolve, reject }));
  }

  private send(pending: Pending): void {
    const child = this.child ?? this.start();
    this.queue.push(pending);
    child.stdin.write(`${pending.name}\n`);
  }

  /** Ends the process; requests still waiting are rejected. */
  close(): void {
    const child = this.child;
    if (child === undefined) return;
    this.fail(child, new Error('git cat-file --batch was closed'));
    child.stdin.end();
    child.kill();
  }

  /** The running process's id (for tests), or undefined. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private start(): ChildProcessByStdio<Writable, Readable, Readable> {
    const child = spawn('git', [...this.gitArgs, 'cat-file', '--batch'], { cwd: this.dir, env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.chunks = [];
    this.buffered = 0;
    this.body = undefined;
    this.stderr = '';
    child.stdout.on('data', (chunk: Buffer) => this.receive(child, chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
    });
    // A write after the process died fails with EPIPE; the exit handler rejects the requests.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => this.fail(child, new Error(`git cat-file --batch failed: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (this.child !== child) return;
      const why = signal !== null ? `signal ${signal}` : `code ${String(code)}`;
      const message = this.stderr.trim();
      const error = new Error(`git cat-file --batch ended (${why})${message !== '' ? `: ${message}` : ''}`);
      // Git answers in order, so it died on the first request without an answer (e.g. a path outside
      // the repository is fatal). The requests behind it did nothing wrong: ask them again, once, of
      // a new process, so that one bad read fails only its own line.
      const [culprit, ...behind] = this.queue.splice(0);
      this.fail(child, error);
      culprit?.reject(error);
      for (const pending of behind) {
        if (pending.resent === true) pending.reject(error);
        else this.send({ ...pending, resent: true });
      }
    });
    return child;
  }

  /** Rejects every waiting request of `child` and forgets it, so that the next request starts a new process. */
  private fail(child: ChildProcessByStdio<Writable, Readable, Readable>, error: Error): void {
    if (this.child !== child) return;
    this.child = undefined;
    for (const pending of this.queue.splice(0)) pending.reject(error);
    this.chunks = [];
    this.buffered = 0;
    this.body = undefined;
  }

  private receive(child: ChildProcessByStdio<Writable, Readable, Readable>, chunk: Buffer): void {
    if (this.child !== child) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      while (this.answerOne());
    } catch (error) {
      this.fail(child, error instanceof Error ? error : new Error(String(error)));
      child.kill();
    }
  }

  /** Parses one complete answer from the buffer and hands it out; false when more bytes are needed. */
  private answerOne(): boolean {
    if (this.body === undefined) {
      const data = this.joined();
      const end = data.indexOf(NEWLINE);
      if (end < 0) return false;
      const header = data.toString('utf8', 0, end);
      this.keep(data.subarray(end + 1));
      const object = parseHeader(header);
      if (object === null) {
        this.next().resolve(null);
        return true;
      }
      this.body = object;
    }
    const { type, size } = this.body;
    if (this.buffered < size + 1) return false;
    const data = this.joined();
    if (data[size] !== NEWLINE) throw new Error('git cat-file --batch: answer not followed by a newline');
    const bytes = Buffer.from(data.subarray(0, size));
    this.keep(data.subarray(size + 1));
    this.body = undefined;
    this.next().resolve({ type, bytes });
    return true;
  }

  private next(): Pending {
    const pending = this.queue.shift();
    if (pending === undefined) throw new Error('git cat-file --batch answered more than was asked');
    return pending;
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
  }
}

/** `{type, size}` of a found object, null for `<name> missing` / `<name> ambiguous` (a name may contain spaces). */
function parseHeader(header: string): { type: string; size: number } | null {
  if (header.endsWith(' missing') || header.endsWith(' ambiguous')) return null;
  const match = /^[0-9a-f]+ ([a-z]+) (\d+)$/.exec(header);
  if (match === null) throw new Error(`git cat-file --batch: unexpected answer ${JSON.stringify(header.slice(0, 200))}`);
  return { type: match[1]!, size: Number(match[2]) };
}
