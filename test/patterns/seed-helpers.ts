import { fixRecordFromJson, type ReadFixRecord } from '../../src/fixes/records.js';

/** A fix record of one top-level function (the corpus's keys), `before`/`after` starting at line `line`. */
export function fixRecord(repo: string, before: string, after: string, scout: string | null = null, line = 1): ReadFixRecord {
  const lines = (text: string) => text.split('\n');
  const end = (text: string): [number, number] => [line + lines(text).length - 1, lines(text).at(-1)!.length];
  return fixRecordFromJson(
    { repo, hash: `${repo.replace(/\W/g, '')}000000000000`, path: 'm.py', before, after, before_range: [[line, 0], end(before)], after_range: [[line, 0], end(after)], scout },
    `${repo}:1`,
  );
}
