/**
 * The browser gate of the tests that need headless Chromium (Debian's `chromium`, which .ci/run
 * installs): they run when it is installed, are skipped with a message otherwise, and fail instead
 * when BUGMINE_REQUIRE_BROWSER=1 (as CI sets it).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

export const CHROMIUM = process.env['BUGMINE_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests of test file `name` run. */
export function browserGate(name: string): boolean {
  const available = existsSync(CHROMIUM);
  const required = process.env['BUGMINE_REQUIRE_BROWSER'] === '1';
  if (!available && !required) console.warn(`${name}: browser tests skipped, no Chromium at ${CHROMIUM} (set BUGMINE_REQUIRE_BROWSER=1 to fail instead)`);
  describe.runIf(required && !available)('browser required', () => {
    it('has headless Chromium', () => {
      expect(available, `BUGMINE_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM}`).toBe(true);
    });
  });
  return available;
}
