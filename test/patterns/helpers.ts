import type { Pattern } from '../../src/patterns/anti-unify.js';
import { concreteEdit, type ConcreteEdit } from '../../src/patterns/concrete-edit.js';
import { parseModule } from '../../src/python/parser/index.js';

/** The concrete edit between two module texts. */
export function editOf(before: string, after: string, context = 0): ConcreteEdit {
  const edit = concreteEdit(parseModule(before), parseModule(after), context);
  if (edit === null) throw new Error('no change');
  return edit;
}

export function leafOf(before: string, after: string, context = 0): Pattern {
  return editOf(before, after, context).leaf;
}
