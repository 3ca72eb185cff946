export { foldOf, foldBounds, pathHash, validateRatios, parseRatio, parseLibraryList, FOLDS, DEFAULT_RATIOS, type Fold, type FoldBounds, type SplitRatios } from './fold.js';
export { splitDataset, readLibraryList, UNSPLITTABLE, DESTINATIONS, type Destination, type SplitOptions, type SplitReport, type FileSplitResult, type UnsplittableSample } from './split.js';
export { collectStats, StatsCollector, UNKNOWN_BUG_KIND, type DatasetStats } from './stats.js';
