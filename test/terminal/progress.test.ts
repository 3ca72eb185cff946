import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { formatDuration, Progress } from '../../src/terminal/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let text = '';
  stream.write = ((chunk: string) => {
    text += chunk;
    return true;
  }) as typeof stream.write;
  (stream as { isTTY: boolean }).isTTY = isTTY;
  stream.text = () => text;
  return stream;
}

describe('Progress', () => {
  it('on a terminal redraws one status line and keeps messages apart from it', () => {
    const stream = fakeStream(true);
    const progress = new Progress('split', 4, stream);
    progress.fileDone(10, false);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's erase-line escape.
    expect(stream.text()).toMatch(/^\r\x1b\[Ksplit: 1\/4 files, 0 failed, 10 samples, \d+ samples\/s, ETA \d+:\d\d$/);
    progress.log('bugmine: problem');
    expect(stream.text()).toContain('\r\x1b[Kbugmine: problem\n\r\x1b[Ksplit: 1/4 files');
    progress.finish();
    expect(stream.text().endsWith('\r\x1b[K')).toBe(true);
  });

  it('elsewhere prints nothing for a short run but the messages', () => {
    const stream = fakeStream(false);
    const progress = new Progress('split', 2, stream);
    progress.fileDone(5, false);
    progress.log('bugmine: problem');
    progress.fileDone(5, true);
    progress.finish();
    expect(stream.text()).toBe('bugmine: problem\n');
    expect(progress.describe()).toMatch(/^2\/2 files, 1 failed, 10 samples, \d+ samples\/s, ETA 0:00$/);
  });

  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(59.6), formatDuration(61), formatDuration(3725)]).toEqual(['0:00', '1:00', '1:01', '1:02:05']);
  });
});
