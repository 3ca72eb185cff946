// The one output of the CLI (src/output.ts): results on stdout, `bugmine: ` messages on stderr,
// drawn through a progress display while one is attached.
import { describe, expect, it } from 'vitest';
import { Output } from '../src/output.js';

function recorded(): { output: Output; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { output: new Output({ write: (t: string) => stdout.push(t) }, { write: (t: string) => stderr.push(t) }), stdout, stderr };
}

describe('Output', () => {
  it('writes results to stdout as they are, and messages to stderr one line each', () => {
    const { output, stdout, stderr } = recorded();
    output.result('a table\n');
    output.log('pkg: dropped');
    output.message('file.py:3:1: bad token');
    expect(stdout).toEqual(['a table\n']);
    expect(stderr).toEqual(['bugmine: pkg: dropped\n', 'file.py:3:1: bad token\n']);
  });

  it('log is usable on its own, as a job is given it', () => {
    const { output, stderr } = recorded();
    const { log } = output;
    ['a', 'b'].forEach(log);
    expect(stderr).toEqual(['bugmine: a\n', 'bugmine: b\n']);
  });

  it('draws messages through an attached display until it is detached, then writes them again', () => {
    const { output, stdout, stderr } = recorded();
    const drawn: string[] = [];
    const detach = output.attach({ log: (message) => drawn.push(message) });
    output.log('while the display is on');
    output.message('raw');
    output.result('result\n');
    detach();
    output.log('after');
    expect(drawn).toEqual(['bugmine: while the display is on', 'raw']);
    expect(stderr).toEqual(['bugmine: after\n']);
    expect(stdout).toEqual(['result\n']);
  });

  it('detaching an earlier display leaves the later one on', () => {
    const { output, stderr } = recorded();
    const first: string[] = [];
    const second: string[] = [];
    const detachFirst = output.attach({ log: (m) => first.push(m) });
    const detachSecond = output.attach({ log: (m) => second.push(m) });
    detachFirst();
    output.log('x');
    detachSecond();
    output.log('y');
    expect([first, second, stderr]).toEqual([[], ['bugmine: x'], ['bugmine: y\n']]);
  });
});
