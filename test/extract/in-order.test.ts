// Commits in package-list order whatever order the packages finish in.
import { describe, expect, it } from 'vitest';
import { InOrderCommits } from '../../src/extract/in-order.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('InOrderCommits', () => {
  it('commits in position order when items finish out of order, one commit at a time', async () => {
    const committed: string[] = [];
    let running = 0;
    const commits = new InOrderCommits<string>(async (item, position) => {
      expect(++running).toBe(1);
      await tick();
      committed.push(`${position}:${item}`);
      running--;
    });
    commits.finished(2, 'c');
    commits.finished(1, 'b');
    await tick();
    expect(committed).toEqual([]); // 0 is still running
    commits.finished(0, 'a');
    commits.finished(4, 'e');
    await commits.drained();
    expect(committed).toEqual(['0:a', '1:b', '2:c']);
    expect(commits.committed).toBe(3);
    commits.finished(3, 'd');
    await commits.drained();
    expect(committed).toEqual(['0:a', '1:b', '2:c', '3:d', '4:e']);
  });

  it('commits nothing at or after an abandoned position', async () => {
    const committed: number[] = [];
    const commits = new InOrderCommits<number>(async (item) => void committed.push(item));
    commits.finished(0, 0);
    commits.finished(2, 2);
    commits.finished(1, null);
    await commits.drained();
    expect(committed).toEqual([0]);
    expect(commits.halted).toBe(true);
  });

  it('stops at the first failing commit and reports it', async () => {
    const committed: number[] = [];
    const commits = new InOrderCommits<number>(async (item) => {
      if (item === 1) throw new Error('disk full');
      committed.push(item);
    });
    for (const position of [3, 2, 1, 0]) commits.finished(position, position);
    await expect(commits.drained()).rejects.toThrow('disk full');
    expect(committed).toEqual([0]);
    expect(commits.halted).toBe(true);
  });
});
