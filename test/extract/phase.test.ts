// The phase channel from a package job to the host: everything on it is hostile input.
import { describe, expect, it } from 'vitest';
import { formatPhaseLine, MAX_PHASE_LINE, parsePhaseLine, PhaseLineReader, pipPhaseOf, type PhaseReport } from '../../src/extract/phase.js';

function read(chunks: (string | Buffer)[]): PhaseReport[] {
  const reports: PhaseReport[] = [];
  const reader = new PhaseLineReader((report) => reports.push(report));
  for (const chunk of chunks) reader.push(chunk);
  return reports;
}

describe('phase reports', () => {
  it('round-trips a report, also when split across chunks', () => {
    const line = formatPhaseLine({ phase: 'extracting', done: 120, total: 450 });
    expect(parsePhaseLine(line.trimEnd())).toEqual({ phase: 'extracting', done: 120, total: 450 });
    const cut = [line.slice(0, 7), line.slice(7, 30), line.slice(30) + formatPhaseLine({ phase: 'installing', done: 0, total: 0 })];
    expect(read(cut)).toEqual([
      { phase: 'extracting', done: 120, total: 450 },
      { phase: 'installing', done: 0, total: 0 },
    ]);
  });

  it('drops whatever does not pass the schema and keeps reading', () => {
    const bad = [
      'plain output of a package\n',
      '@bugmine-phase {"phase":"pwned","done":1,"total":2}\n',
      '@bugmine-phase {"phase":"extracting","done":5,"total":2}\n',
      '@bugmine-phase {"phase":"extracting","done":-1,"total":2}\n',
      '@bugmine-phase {"phase":"extracting","done":1.5,"total":2}\n',
      '@bugmine-phase {"phase":"extracting","done":1,"total":2,"extra":true}\n',
      '@bugmine-phase {"phase":"extracting","done":1,"total":99999999999}\n',
      '@bugmine-phase not json\n',
      '@bugmine-phase {"phase":"extracting","done":1,"total":2}', // no newline yet: not taken
    ];
    expect(read(bad)).toEqual([]);
    expect(read([...bad, '\n'])).toEqual([{ phase: 'extracting', done: 1, total: 2 }]);
  });

  it('keeps bounded memory on an endless line and drops it whole', () => {
    const reports: PhaseReport[] = [];
    const reader = new PhaseLineReader((report) => reports.push(report));
    const good = formatPhaseLine({ phase: 'building', done: 0, total: 0 });
    reader.push(good.slice(0, -1)); // a valid start...
    for (let i = 0; i < 1000; i++) reader.push('x'.repeat(10_000)); // ...that never ends
    expect((reader as unknown as { pending: string }).pending.length).toBeLessThanOrEqual(MAX_PHASE_LINE);
    reader.push('\n' + good);
    expect(reports).toEqual([{ phase: 'building', done: 0, total: 0 }]);
  });

  it("recognises pip's phase lines", () => {
    expect(pipPhaseOf('Collecting six')).toBe('downloading');
    expect(pipPhaseOf('  Downloading six-1.16.0-py2.py3-none-any.whl (11 kB)')).toBe('downloading');
    expect(pipPhaseOf('Building wheels for collected packages: pycrypto')).toBe('building');
    expect(pipPhaseOf('  Preparing metadata (setup.py): started')).toBe('building');
    expect(pipPhaseOf('Installing collected packages: six')).toBe('installing');
    expect(pipPhaseOf('Successfully installed six-1.16.0')).toBeNull();
  });
});
