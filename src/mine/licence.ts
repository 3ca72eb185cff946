/**
 * The licence of a repository at a commit: the SPDX id of the licence file at the root of its tree
 * (`LICENSE`, `LICENCE`, `COPYING`, with or without an extension), recognised by phrases of the
 * licence texts, or null when there is no such file or its text is not one of these licences.
 */

/** Root file names that hold a licence, most specific first. */
export const LICENCE_FILE = /^(licen[cs]e|copying)(\.(txt|md|rst))?$/i;

const RULES: ReadonlyArray<readonly [string, readonly RegExp[]]> = [
  ['AGPL-3.0', [/GNU AFFERO GENERAL PUBLIC LICENSE/i]],
  ['LGPL-3.0', [/GNU LESSER GENERAL PUBLIC LICENSE/i, /Version 3/i]],
  ['LGPL-2.1', [/GNU LESSER GENERAL PUBLIC LICENSE/i, /Version 2\.1/i]],
  ['GPL-3.0', [/GNU GENERAL PUBLIC LICENSE/i, /Version 3/i]],
  ['GPL-2.0', [/GNU GENERAL PUBLIC LICENSE/i, /Version 2/i]],
  ['Apache-2.0', [/Apache License/i, /Version 2\.0/i]],
  ['MPL-2.0', [/Mozilla Public License/i, /2\.0/]],
  ['MIT', [/Permission is hereby granted, free of charge/i]],
  ['BSD-3-Clause', [/Redistribution and use in source and binary forms/i, /Neither the name/i]],
  ['BSD-2-Clause', [/Redistribution and use in source and binary forms/i]],
  ['ISC', [/Permission to use, copy, modify, and\/or distribute this software/i]],
  ['Unlicense', [/This is free and unencumbered software released into the public domain/i]],
  ['CC0-1.0', [/CC0 1\.0/i]],
];

/** The SPDX id of a licence text, or null. */
export function spdxOfLicenceText(text: string): string | null {
  for (const [id, phrases] of RULES) if (phrases.every((p) => p.test(text))) return id;
  return null;
}

/** The names of a git tree object's entries (`<mode> <name>\0<20-byte id>` each). */
export function treeEntryNames(tree: Buffer): string[] {
  const names: string[] = [];
  let at = 0;
  while (at < tree.length) {
    const space = tree.indexOf(0x20, at);
    const nul = tree.indexOf(0, space);
    if (space < 0 || nul < 0) break;
    names.push(tree.toString('utf8', space + 1, nul));
    at = nul + 21;
  }
  return names;
}
