// Worker-thread entry of extract-dir: extracts the files it is sent, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { createCallResolver } from '../graph/passes/calls.js';
import { serveJobs } from '../run/thread-pool.js';
import { extractFile, type ExtractFileJob, type ExtractFileResult } from '../samples/extract-file.js';

const { pythonPath } = workerData as { pythonPath: string[] };
const callResolver = createCallResolver({ pythonPath });
serveJobs<ExtractFileJob, ExtractFileResult>(parentPort!, (job) => extractFile(job, callResolver), (result) => [result.data.buffer as ArrayBuffer]);
