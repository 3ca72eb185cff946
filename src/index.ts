// bugmine's library API. Each area re-exports its public pieces here.
export { BUGMINE_VERSION } from './version.js';
export { UserError } from './errors.js';
export * from './python/index.js';
export * from './rewrite/index.js';
export {
  readSamples,
  readRawSamples,
  readValueViews,
  SampleWriter,
  writeSamples,
  DataFileError,
  DATA_FILE_SUFFIX,
  findDataFiles,
  type RawSample,
} from './io/index.js';
export {
  splitDataset,
  foldOf,
  foldBounds,
  pathHash,
  collectStats,
  StatsCollector,
  FOLDS,
  UNSPLITTABLE,
  type Fold,
  type SplitOptions,
  type SplitReport,
  type FileSplitResult,
  type DatasetStats,
} from './dataset/index.js';
export {
  computeRelations,
  RELATION_PASSES,
  FileAnalysis,
  CodeRelations,
  findFunctions,
  serializeFunction,
  prepareSerialization,
  textInRange,
  type RelationPass,
  type RelationsResult,
  type FoundFunction,
  type GraphNode,
  type TokenNode,
  type SerializedGraph,
  type SerializedEdge,
  type SerializedFunction,
} from './graph/index.js';
export { functionSample, type BugLabSample, type SampleCandidate, type FunctionSampleOptions } from './samples/function-sample.js';
export {
  CallResolver,
  createCallResolver,
  callResolverProvider,
  discoverPythonPath,
  callRelationsPass,
  type CallResolverOptions,
  type ResolvedCall,
} from './graph/calls/index.js';
export {
  runPypiBugs,
  processRepository,
  readPypiBugsLines,
  GitCache,
  GitRepositoryReader,
  verifyFix,
  defaultCacheDir,
  prefetchBlobs,
  InProcessUnits,
  ThreadUnits,
  ContainerUnits,
  OUTCOMES as PYPIBUGS_OUTCOMES,
  type PypiBugsOptions,
  type PypiBugsReport,
  type PypiBugsLine,
  type PypiBugsSample,
  type LineOutcome,
  type LineResult,
  type RepositoryReader,
  type ManifestRecord,
  type UnitExecutor,
} from './pypibugs/index.js';
export { parsePackageList, parseRequirement, normalizeProjectName, inShard, type Requirement, type PackageList } from './extract/package-list.js';
export { parseShard, type Shard } from './run/shard.js';
export { readManifest, isComplete, OUTCOMES, type ManifestEntry, type Outcome, type PackageCounts, type NearDuplicateEntry } from './extract/manifest.js';
export { runExtract, formatOutcomeTable, type ExtractRunOptions, type ExtractRunSummary } from './extract/run-extract.js';
export { runPackageJob, type PackageJob, type PackageJobResult } from './extract/package-job.js';
export { minhash, estimateJaccard, PERMUTATIONS, MIN_DISTINCT_TOKENS } from './dedup/minhash.js';
export { identifierAndStringTokens } from './dedup/tokens.js';
export { NearDuplicateIndex, compactSignature, JACCARD_THRESHOLD, type IndexedFile } from './dedup/lsh-index.js';
export { NearDuplicates, type DuplicateFile, type PackageVerdict } from './dedup/near-duplicates.js';
export { LocalExecutor } from './extract/local-executor.js';
export type { PackageExecutor, PackageRun } from './extract/package-executor.js';
export type { Executor, JobOutcome, Exited } from './run/executor.js';
export { DockerExecutor } from './extract/docker-executor.js';
export { reapContainers, dockerReachable } from './run/docker.js';
export { WorkerContainers, type WorkerContainerSettings, type WorkerContainerJob } from './run/worker-container.js';
export { WorkerProcesses, type WorkerProcessJob } from './run/worker-process.js';
export { buildImage, imageTag } from './run/image.js';
export { pruneImages, planPrune, inspectImages, removeStale, pinImage, type BugmineImage, type ImageInventory, type PrunePolicy, type PruneDecision, type PruneResult } from './run/image-prune.js';
