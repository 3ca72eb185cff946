// The one SIGINT/SIGTERM behaviour of the long jobs (src/commands/interrupt.ts), on a fake process.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleInterrupts, interruptMessage, type SignalTarget } from '../../src/commands/interrupt.js';

class FakeProcess extends EventEmitter implements SignalTarget {
  readonly exits: number[] = [];
  readonly said: string[] = [];
  readonly say = (line: string): void => void this.said.push(line);
  exit(code: number): void {
    this.exits.push(code);
  }
  signal(signal: NodeJS.Signals): void {
    this.emit(signal, signal);
  }
}

const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('handleInterrupts', () => {
  it('says one line of one shape, with when the job stops if not at once', () => {
    expect(interruptMessage('SIGINT')).toBe('\nbugmine: SIGINT: stopping; run again to finish the rest');
    expect(interruptMessage('SIGTERM', 'after the current commit')).toBe('\nbugmine: SIGTERM: stopping after the current commit; run again to finish the rest');
  });

  it('with abort: runs it on the first signal, then exits 130', async () => {
    const target = new FakeProcess();
    const order: string[] = [];
    const interrupts = handleInterrupts({ abort: async () => void order.push('abort') }, target, target.say);
    expect(interrupts.requested).toBe(false);
    target.signal('SIGTERM');
    expect(interrupts.requested).toBe(true);
    expect(target.said).toEqual([interruptMessage('SIGTERM')]);
    await settled();
    expect(order).toEqual(['abort']);
    expect(target.exits).toEqual([130]);
  });

  it('exits 130 even when abort fails, saying so', async () => {
    const target = new FakeProcess();
    handleInterrupts({ abort: () => Promise.reject(new Error('docker is gone')) }, target, target.say);
    target.signal('SIGINT');
    await settled();
    expect(target.said).toEqual([interruptMessage('SIGINT'), 'bugmine: SIGINT: stopping the running work failed: docker is gone']);
    expect(target.exits).toEqual([130]);
  });

  it('without abort: only marks the request, and a second signal exits 130 at once', async () => {
    const target = new FakeProcess();
    const interrupts = handleInterrupts({ when: 'after the current commit' }, target, target.say);
    target.signal('SIGINT');
    await settled();
    expect(interrupts.requested).toBe(true);
    expect(target.exits).toEqual([]);
    target.signal('SIGINT');
    expect(target.exits).toEqual([130]);
    expect(target.said).toEqual([interruptMessage('SIGINT', 'after the current commit')]);
  });

  it('a second signal while abort runs exits at once', () => {
    const target = new FakeProcess();
    handleInterrupts({ abort: () => new Promise(() => {}) }, target, target.say);
    target.signal('SIGINT');
    target.signal('SIGTERM');
    expect(target.exits).toEqual([130]);
  });

  it('stops listening on release', () => {
    const target = new FakeProcess();
    const interrupts = handleInterrupts({}, target, target.say);
    expect(target.listenerCount('SIGINT') + target.listenerCount('SIGTERM')).toBe(2);
    interrupts.release();
    expect(target.listenerCount('SIGINT') + target.listenerCount('SIGTERM')).toBe(0);
    expect(interrupts.requested).toBe(false);
  });
});
