/**
 * The child properties of each node type that can hold a non-whitespace node, in visiting order:
 * the walks that skip whitespace (candidate collection, call sites, scopes) read only these, since
 * a property typed as whitespace (`whitespace_after`, `leading_lines`, ...) can only give a node
 * they skip. A field name is whitespace-typed in every node class that has it, or in none
 * (test/graph/content-fields.test.ts checks this list against the node types of nodes.ts).
 */
import { CHILD_PROPERTIES, type NodeType } from '../python/nodes.js';

/** The fields typed `SimpleWhitespace`, `ParenthesizedWhitespace`, `EmptyLine[]`, `TrailingWhitespace` or `Newline`. */
export const WHITESPACE_FIELDS: ReadonlySet<string> = new Set([
  'empty_lines', 'first_line', 'footer', 'header', 'last_line', 'leading_lines', 'leading_whitespace',
  'lines_after_decorators', 'newline', 'trailing_whitespace', 'whitespace',
]);

/** Whether `field` holds only whitespace nodes (all `whitespace_*` fields do). */
export function isWhitespaceField(field: string): boolean {
  return field.startsWith('whitespace_') || WHITESPACE_FIELDS.has(field);
}

/** Per node type, its child properties that may hold a non-whitespace node. */
export const CONTENT_PROPERTIES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(CHILD_PROPERTIES).map(([type, properties]) => [type, properties.filter((property) => !isWhitespaceField(property))]),
);

/** `CONTENT_PROPERTIES` of `type`; throws for a type LibCST does not have. */
export function contentProperties(type: string): readonly string[] {
  const properties = CONTENT_PROPERTIES.get(type as NodeType);
  if (properties === undefined) throw new Error(`unknown CST node type ${type}`);
  return properties;
}
