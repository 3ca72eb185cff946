import { DataFileError } from '../io/errors.js';
import { arrayLength, forEachMapEntry, headerSize, keyBytes, mapLength, readIntOrNil, readStr, skipItem, strEquals } from '../io/msgpack-scan.js';
import { readValueViews } from '../io/reader.js';

export interface DatasetStats {
  dataFiles: number;
  samples: number;
  /** Samples whose `target_fix_action_idx` is an index (a bug to fix). */
  withBug: number;
  /** Samples whose `target_fix_action_idx` is null or absent. */
  withoutBug: number;
  /** Samples with a bug per scout of the target rewrite (`candidate_rewrite_metadata[target][0]`). */
  bugKinds: Record<string, number>;
  /** Distinct `package_name` values. */
  packages: number;
  /** Distinct source files: (`package_name`, `graph.path`) pairs. */
  sourceFiles: number;
  nodes: { mean: number; max: number };
  /** Edges of all types together. */
  edges: { mean: number; max: number };
  /** Samples that are not maps or have no `graph` map (not counted in the figures above). */
  malformedSamples: number;
  /** Files that could not be read to the end (their samples up to the problem are counted). */
  failedFiles: { file: string; message: string }[];
}

const GRAPH = keyBytes('graph');
const NODES = keyBytes('nodes');
const EDGES = keyBytes('edges');
const PATH = keyBytes('path');
const PACKAGE_NAME = keyBytes('package_name');
const TARGET = keyBytes('target_fix_action_idx');
const METADATA = keyBytes('candidate_rewrite_metadata');
/** Bug kind of a sample whose target has no readable scout name. */
export const UNKNOWN_BUG_KIND = '(unknown)';

/**
 * Accumulates dataset statistics sample by sample, reading only the fields it needs from each
 * sample's bytes (no full decode). Memory grows with the number of distinct packages and source
 * files, not with the number of samples.
 */
export class StatsCollector {
  private dataFiles = 0;
  private samples = 0;
  private withBug = 0;
  private malformed = 0;
  private readonly bugKinds = new Map<string, number>();
  private readonly packages = new Set<string>();
  private readonly sourceFiles = new Set<string>();
  private graphs = 0;
  private nodeTotal = 0;
  private nodeMax = 0;
  private edgeTotal = 0;
  private edgeMax = 0;
  private readonly failedFiles: { file: string; message: string }[] = [];

  /** Reads one data file to the end (or to its first problem, which is recorded, not thrown). */
  async addFile(file: string): Promise<void> {
    this.dataFiles++;
    try {
      for await (const sample of readValueViews(file)) this.addSample(sample);
    } catch (err) {
      if (!(err instanceof DataFileError)) throw err;
      this.failedFiles.push({ file, message: err.message });
    }
  }

  addSample(bytes: Uint8Array): void {
    this.samples++;
    if (mapLength(bytes, 0) < 0) {
      this.malformed++;
      return;
    }
    const top = { graphPos: -1, target: null as number | null | undefined, metadataPos: -1, packageName: undefined as string | undefined };
    forEachMapEntry(bytes, 0, (keyPos, valuePos) => {
      if (strEquals(bytes, keyPos, GRAPH)) top.graphPos = valuePos;
      else if (strEquals(bytes, keyPos, TARGET)) top.target = readIntOrNil(bytes, valuePos);
      else if (strEquals(bytes, keyPos, METADATA)) top.metadataPos = valuePos;
      else if (strEquals(bytes, keyPos, PACKAGE_NAME)) top.packageName = readStr(bytes, valuePos);
    });
    const { graphPos, target, metadataPos, packageName } = top;
    if (graphPos < 0 || mapLength(bytes, graphPos) < 0) {
      this.malformed++;
      return;
    }
    const graph = this.readGraph(bytes, graphPos);
    this.graphs++;
    this.nodeTotal += graph.nodes;
    this.nodeMax = Math.max(this.nodeMax, graph.nodes);
    this.edgeTotal += graph.edges;
    this.edgeMax = Math.max(this.edgeMax, graph.edges);
    if (packageName !== undefined) this.packages.add(packageName);
    if (graph.path !== undefined) this.sourceFiles.add(`${packageName ?? ''}\0${graph.path}`);
    if (typeof target === 'number') {
      this.withBug++;
      const kind = scoutAt(bytes, metadataPos, target) ?? UNKNOWN_BUG_KIND;
      this.bugKinds.set(kind, (this.bugKinds.get(kind) ?? 0) + 1);
    }
  }

  result(): DatasetStats {
    const mean = (total: number) => (this.graphs === 0 ? 0 : total / this.graphs);
    const wellFormed = this.samples - this.malformed;
    return {
      dataFiles: this.dataFiles,
      samples: this.samples,
      withBug: this.withBug,
      withoutBug: wellFormed - this.withBug,
      bugKinds: Object.fromEntries([...this.bugKinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      packages: this.packages.size,
      sourceFiles: this.sourceFiles.size,
      nodes: { mean: mean(this.nodeTotal), max: this.nodeMax },
      edges: { mean: mean(this.edgeTotal), max: this.edgeMax },
      malformedSamples: this.malformed,
      failedFiles: [...this.failedFiles],
    };
  }

  private readGraph(bytes: Uint8Array, graphPos: number): { nodes: number; edges: number; path: string | undefined } {
    const graph = { nodes: 0, edges: 0, path: undefined as string | undefined };
    forEachMapEntry(bytes, graphPos, (keyPos, valuePos) => {
      if (strEquals(bytes, keyPos, NODES)) graph.nodes = Math.max(0, arrayLength(bytes, valuePos));
      else if (strEquals(bytes, keyPos, PATH)) graph.path = readStr(bytes, valuePos);
      else if (strEquals(bytes, keyPos, EDGES)) {
        forEachMapEntry(bytes, valuePos, (_edgeKind, listPos) => {
          graph.edges += Math.max(0, arrayLength(bytes, listPos));
        });
      }
    });
    return graph;
  }
}

/** `candidate_rewrite_metadata[target][0]` if it is a string. */
function scoutAt(bytes: Uint8Array, metadataPos: number, target: number): string | undefined {
  if (metadataPos < 0) return undefined;
  const length = arrayLength(bytes, metadataPos);
  if (target < 0 || target >= length) return undefined;
  let pos = metadataPos + headerSize(bytes, metadataPos);
  for (let i = 0; i < target; i++) pos = skipItem(bytes, pos);
  if (arrayLength(bytes, pos) < 1) return undefined;
  return readStr(bytes, pos + headerSize(bytes, pos));
}

/** Statistics over the given data files, read one after the other. */
export async function collectStats(files: readonly string[]): Promise<DatasetStats> {
  const collector = new StatsCollector();
  for (const file of files) await collector.addFile(file);
  return collector.result();
}
