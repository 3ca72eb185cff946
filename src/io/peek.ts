import { headerSize, keyBytes, mapLength, readStr, skipItem, strEquals } from './msgpack-scan.js';

const GRAPH = keyBytes('graph');
const PATH = keyBytes('path');
const PACKAGE_NAME = keyBytes('package_name');

export interface Routing {
  isMap: boolean;
  /** `graph.path` if the sample has it as a string. */
  path: string | undefined;
  /** `package_name` if the sample has it as a string. */
  packageName: string | undefined;
}

/**
 * Reads `graph.path` and `package_name` from one complete sample's bytes without decoding the rest.
 * One pass: the graph map (the bulk of a sample) is walked once, entry by entry.
 */
export function peekRouting(sample: Uint8Array): Routing {
  const routing: Routing = { isMap: false, path: undefined, packageName: undefined };
  const entries = mapLength(sample, 0);
  if (entries < 0) return routing;
  routing.isMap = true;
  let pos = headerSize(sample, 0);
  for (let i = 0; i < entries; i++) {
    const keyPos = pos;
    const valuePos = skipItem(sample, keyPos);
    if (strEquals(sample, keyPos, GRAPH) && mapLength(sample, valuePos) >= 0) {
      pos = walkGraph(sample, valuePos, routing);
    } else {
      if (strEquals(sample, keyPos, PACKAGE_NAME)) routing.packageName = readStr(sample, valuePos);
      pos = skipItem(sample, valuePos);
    }
  }
  return routing;
}

/** Reads `path` from the graph map at `graphPos` into `routing`; returns the position after the map. */
function walkGraph(sample: Uint8Array, graphPos: number, routing: Routing): number {
  const entries = mapLength(sample, graphPos);
  let pos = graphPos + headerSize(sample, graphPos);
  for (let i = 0; i < entries; i++) {
    const valuePos = skipItem(sample, pos);
    if (strEquals(sample, pos, PATH)) routing.path = readStr(sample, valuePos);
    pos = skipItem(sample, valuePos);
  }
  return pos;
}
