// bugmine's library API. Each area re-exports its public pieces here.
export { BUGMINE_VERSION } from './version.js';
export { UserError } from './errors.js';
export * from './python/index.js';
