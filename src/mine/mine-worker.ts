// Worker-thread entry of mine: mines the repositories it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { serveJobs } from '../run/thread-pool.js';
import type { RepositoryMined } from './repository.js';
import { runMineThreadJob, type MineThreadJob } from './thread-job.js';

serveJobs<MineThreadJob, RepositoryMined>(parentPort!, runMineThreadJob);
