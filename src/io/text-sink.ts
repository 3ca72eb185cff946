import type { Writable } from 'node:stream';

const FLUSH_CHARS = 1 << 16;

/**
 * Buffered text output that respects backpressure: text is gathered into chunks of about 64 KiB,
 * and `write` waits for 'drain' when the stream's buffer is full, so a slow reader (a pager, `head`)
 * keeps memory bounded instead of queueing the whole output.
 */
export class TextSink {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pendingChars === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }
}
