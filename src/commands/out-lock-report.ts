import type { OutLock } from '../io/out-lock.js';
import { output } from '../output.js';

/** Says so when a run took over the lock of a run that is gone (killed, crashed). */
export function reportStaleLock(lock: OutLock): void {
  const stale = lock.replacedStale;
  if (stale === null) return;
  output.log(`took over the lock of ${stale.command} pid ${stale.pid} (since ${stale.startedAt}), which no longer runs`);
}
