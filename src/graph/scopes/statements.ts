import { NODE_SCHEMA } from '../../python/schema.js';

/** Node types that are LibCST `BaseStatement`s (simple statement lines and compound statements). */
const STATEMENT_TYPES: ReadonlySet<string> = new Set(
  Object.entries(NODE_SCHEMA)
    .filter(([, schema]) => schema.bases.includes('BaseStatement'))
    .map(([type]) => type),
);

/** Whether `type` is a LibCST `BaseStatement`. */
export function isStatementType(type: string): boolean {
  return STATEMENT_TYPES.has(type);
}
