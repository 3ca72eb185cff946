// PyPIBugs re-extraction: line validation, the clone cache, the per-repository unit, the job.
export { readPypiBugsLines, parseLine, groupByRepository, repositoryInShard, type PypiBugsLine, type RejectedLine, type ReadLines } from './lines.js';
export { GitCache, defaultCacheDir, cacheName, DEFAULT_CLONE_TIMEOUT_MS, type EnsureResult } from './git-cache.js';
export { GitRepositoryReader, type RepositoryReader } from './git-reader.js';
export { verifyFix, diffHunks, type Verification } from './verify.js';
export {
  processRepository,
  OUTCOMES,
  type LineOutcome,
  type ResultOutcome,
  type LineResult,
  type PypiBugsSample,
  type PypiBugsProvenance,
  type UnitOptions,
  type UnitResult,
} from './repository-unit.js';
export { readManifest, type ManifestRecord } from './manifest.js';
export { prefetchBlobs, type PrefetchResult } from './blob-prefetch.js';
export { runRepositoryJob, type RepositoryJob, type RepositoryJobResult } from './unit-job.js';
export { InProcessUnits, ThreadUnits, ContainerUnits, type UnitExecutor, type UnitOutcome, type ContainerUnitsOptions } from './unit-executors.js';
export { runPypiBugs, repositoryOutput, MANIFEST, SAMPLES_DIR, type PypiBugsOptions, type PypiBugsReport } from './run.js';
