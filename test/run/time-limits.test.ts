// The CPU-time measurement and budget of package jobs: /proc parsing, a real process group's CPU
// time, the polling watch, and the messages that name the limit that hit.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProcStat, processGroupCpuMs } from '../../src/run/process-cpu.js';
import { CpuWatch, describeTimeout, NUDGE_POLL_MS } from '../../src/run/time-limits.js';

const OPTIONS = { wallOption: '--timeout', cpuOption: '--cpu-timeout' };

describe('parseProcStat', () => {
  it('reads the group and the four CPU times, past a command name with spaces and parentheses', () => {
    const line = '4242 (we ird) (name) S 1 4200 4200 0 -1 4194560 100 0 0 0 150 25 7 3 20 0 1 0 123 4096 10 18446744073709551615 0';
    expect(parseProcStat(line)).toEqual({ pgrp: 4200, cpuTicks: 150 + 25 + 7 + 3 });
  });

  it('refuses what is not a stat line', () => {
    expect(parseProcStat('no parenthesis here')).toBeNull();
    expect(parseProcStat('1 (x) S 1 abc')).toBeNull();
  });
});

describe('processGroupCpuMs', () => {
  it('adds up the processes of one group only, in milliseconds', async () => {
    const proc = mkdtempSync(join(tmpdir(), 'bugmine-proc-'));
    const stat = (pid: number, pgrp: number, ticks: [number, number, number, number]) => {
      mkdirSync(join(proc, String(pid)));
      writeFileSync(join(proc, String(pid), 'stat'), `${pid} (p) R 1 ${pgrp} ${pgrp} 0 -1 0 0 0 0 0 ${ticks.join(' ')} 20 0 1 0 1 1 1\n`);
    };
    stat(10, 10, [100, 20, 0, 0]);
    stat(11, 10, [5, 5, 30, 10]);
    stat(12, 99, [1000, 0, 0, 0]);
    mkdirSync(join(proc, 'self'));
    expect(await processGroupCpuMs(10, proc)).toBe(1700);
    expect(await processGroupCpuMs(12, proc)).toBeNull();
  });

  it('measures a real process group that burns CPU in a grandchild', async () => {
    // sh (the group leader) -> python burning CPU: the grandchild's time counts.
    const child = spawn('sh', ['-c', 'python3 -c "import time\nt = time.process_time()\nwhile time.process_time() - t < 1.5: pass\n"; sleep 30'], { detached: true, stdio: 'ignore' });
    try {
      let used: number | null = null;
      const start = Date.now();
      while (Date.now() - start < 60_000) {
        used = await processGroupCpuMs(child.pid!);
        if (used !== null && used >= 1400) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // The burner has exited and was waited for by sh: its time is in sh's cutime now, or soon.
      expect(used).toBeGreaterThanOrEqual(1400);
      expect(used).toBeLessThan(10_000);
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
  });
});

describe('CpuWatch', () => {
  it('calls exceeded once when the highest reading passes the budget, keeping the highest', async () => {
    const readings = [100, 400, null, 300, 1200, 1500];
    let exceeded = 0;
    const watch = new CpuWatch(async () => readings.shift() ?? null, 1000, () => exceeded++, 1_000_000);
    for (let i = 0; i < 3; i++) await watch.poll();
    expect(watch.usedMs).toBe(400);
    await watch.poll(); // 300: lower, kept at 400
    expect(watch.usedMs).toBe(400);
    expect(exceeded).toBe(0);
    await watch.poll();
    await watch.poll();
    watch.stop();
    expect({ exceeded, hit: watch.hit, used: watch.usedMs }).toEqual({ exceeded: 1, hit: true, used: 1500 });
  });

  it('never fires without a budget', async () => {
    let exceeded = 0;
    const watch = new CpuWatch(async () => 1e9, null, () => exceeded++, 1_000_000);
    await watch.poll();
    watch.stop();
    expect([exceeded, watch.usedMs]).toEqual([0, 1e9]);
  });
});

describe('describeTimeout', () => {
  it('names the CPU limit, both times used, and the option that raises it', () => {
    const text = describeTimeout({ kind: 'timeout', limit: 'cpu', limitMs: 900_000, elapsedMs: 1_234_400, cpuMs: 900_600 }, OPTIONS);
    expect(text).toBe('CPU-time limit hit: used 901 CPU-s of the 900 allowed, after 1234 s of wall-clock time; killed (raise it with --cpu-timeout SECONDS)');
  });

  it('names the wall-clock limit, with the little CPU the job had used', () => {
    const text = describeTimeout({ kind: 'timeout', limit: 'wall-clock', limitMs: 3_600_000, elapsedMs: 3_600_100, cpuMs: 104_000 }, OPTIONS);
    expect(text).toBe('wall-clock limit hit: no result after 3600 s of wall-clock time (3600 allowed), having used 104 CPU-s; killed (raise it with --timeout SECONDS)');
  });

  it('says when the CPU time could not be measured', () => {
    expect(describeTimeout({ kind: 'timeout', limit: 'wall-clock', limitMs: 5000, elapsedMs: 5000, cpuMs: null }, OPTIONS)).toMatch(/having used an unknown amount of CPU time/);
  });
});

describe('CpuWatch.nudge', () => {
  it('reads at once when the job is active, at most once per NUDGE_POLL_MS, before the first poll', async () => {
    let readings = 0;
    const watch = new CpuWatch(async () => ++readings * 10, null, () => undefined, 60_000);
    watch.nudge();
    watch.nudge();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(readings).toBe(1);
    expect(watch.usedMs).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, NUDGE_POLL_MS + 20));
    watch.nudge();
    await new Promise((resolve) => setTimeout(resolve, 10));
    watch.stop();
    expect(readings).toBe(2);
    expect(watch.usedMs).toBe(20);
  });
});
