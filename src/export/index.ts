export { exportDataset, inputParts, FORMATS, WHOLE, type ExportReport, type PartReport, type InputPart } from './run.js';
export { EXPORT_FORMATS, type ExportFormatName } from './format.js';
export { asSample, bugKind, tokenNodes, MalformedSampleError, type Sample, type SampleGraph } from './sample.js';
export { fixedFunctionText } from './fixed-text.js';
export { toGreat, type GreatSample } from './great.js';
export { PARQUET_COLUMNS } from './parquet.js';
export { datasetCard, hfSplitName } from './hf.js';
