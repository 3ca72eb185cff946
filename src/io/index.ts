export { readSamples, readRawSamples, readValueViews, type RawSample } from './reader.js';
export { SampleWriter, writeSamples, GZIP_LEVEL } from './writer.js';
export { DataFileError } from './errors.js';
export { DATA_FILE_SUFFIX, findDataFiles, expandDataPaths, isDataFileName } from './files.js';
export { peekRouting, type Routing } from './peek.js';
export { MalformedMessagePackError, ValueScanner } from './msgpack-scan.js';
