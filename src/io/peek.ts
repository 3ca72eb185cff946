import { findMapValue, forEachMapEntry, keyBytes, mapLength, readStr, strEquals } from './msgpack-scan.js';

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

/** Reads `graph.path` and `package_name` from one complete sample's bytes without decoding the rest. */
export function peekRouting(sample: Uint8Array): Routing {
  if (mapLength(sample, 0) < 0) return { isMap: false, path: undefined, packageName: undefined };
  const routing: Routing = { isMap: true, path: undefined, packageName: undefined };
  forEachMapEntry(sample, 0, (keyPos, valuePos) => {
    if (strEquals(sample, keyPos, GRAPH)) {
      const pathPos = mapLength(sample, valuePos) < 0 ? -1 : findMapValue(sample, valuePos, PATH);
      if (pathPos >= 0) routing.path = readStr(sample, pathPos);
    } else if (strEquals(sample, keyPos, PACKAGE_NAME)) {
      routing.packageName = readStr(sample, valuePos);
    }
  });
  return routing;
}
