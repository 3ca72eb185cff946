import type { CstNode } from '../../src/python/cst.js';

export interface FrontEnd {
  parseModule(text: string): CstNode;
}

/** bugmine's parser, once the front end exports it (it is written in parallel); null until then. */
export async function loadFrontEnd(): Promise<FrontEnd | null> {
  const specifier = '../../src/python/index.js';
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as Partial<FrontEnd>;
    return typeof mod.parseModule === 'function' ? (mod as FrontEnd) : null;
  } catch {
    return null;
  }
}
