// The whitespace-typed fields that the whitespace-skipping walks leave unread, checked against
// LibCST's node table (the source of src/python/nodes.ts): a field the walks skip must be typed as
// whitespace nodes in every node class, and every field so typed is skipped. Without ../shared it
// skips, saying so.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUT, tsType } from '../../scripts/gen-schema.js';
import { CONTENT_PROPERTIES, contentProperties, isWhitespaceField } from '../../src/graph/content-fields.js';
import { CHILD_PROPERTIES } from '../../src/python/nodes.js';
import { NODE_SCHEMA } from '../../src/python/schema.js';
import { propertyOfField } from '../../src/python/visit.js';

const haveTable = existsSync(DEFAULT_INPUT);
if (!haveTable) console.warn(`whitespace fields not checked: ${DEFAULT_INPUT} is absent`);

const WHITESPACE_TYPES = new Set(Object.entries(NODE_SCHEMA).filter(([, schema]) => schema.whitespace).map(([type]) => type));
WHITESPACE_TYPES.add('BaseParenthesizableWhitespace');

/** Whether a TypeScript field type admits only whitespace nodes (or nothing). */
function onlyWhitespace(type: string): boolean {
  const parts = type.replace(/[()]/g, '').replace(/\[\]/g, '').split('|').map((part) => part.trim()).filter((part) => part !== 'null');
  return parts.length > 0 && parts.every((part) => WHITESPACE_TYPES.has(part));
}

describe('whitespace fields', () => {
  it.skipIf(!haveTable)('are exactly the fields typed as whitespace nodes', () => {
    const table = JSON.parse(readFileSync(DEFAULT_INPUT, 'utf8')) as { node_classes: { name: string; fields: { name: string; type: string }[] }[] };
    const wrong: string[] = [];
    for (const nodeClass of table.node_classes) {
      for (const field of nodeClass.fields) {
        const property = propertyOfField(nodeClass.name, field.name);
        if (isWhitespaceField(property) !== onlyWhitespace(tsType(field.type))) wrong.push(`${nodeClass.name}.${field.name}: ${tsType(field.type)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('leave the other child properties in visiting order', () => {
    for (const [type, properties] of Object.entries(CHILD_PROPERTIES)) {
      expect(CONTENT_PROPERTIES.get(type)).toEqual(properties.filter((property) => !isWhitespaceField(property)));
    }
    expect(contentProperties('FunctionDef')).toEqual(['decorators', 'asynchronous', 'name', 'type_parameters', 'params', 'returns', 'body']);
    expect(() => contentProperties('NoSuchNode')).toThrow(/unknown CST node type/);
  });
});
