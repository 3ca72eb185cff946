/**
 * What one call resolver remembers across the files it resolves: inference results per binding,
 * MROs per class, resolved `*args`/`**kwargs` forwarding per `def`, and small numeric identities for
 * composite keys. They belong to the resolver (its search path decides what a binding means), not
 * to the process: two resolvers with different search paths must not see each other's results.
 */
import type { CstNode } from '../../python/cst.js';
import type { Binding } from './scopes.js';
import type { FormalParam } from './signatures.js';
import type { ClassValue, Value } from './values.js';

/** Small integers standing for objects in string keys, by identity. */
export class ObjectIds {
  private readonly ids = new WeakMap<object, number>();
  private next = 0;

  of(object: object): number {
    let id = this.ids.get(object);
    if (id === undefined) this.ids.set(object, (id = this.next++));
    return id;
  }
}

export class ResolutionCaches {
  /** Results computed without a guard cutting them short (the same whichever file asked first). */
  readonly bindings = new WeakMap<Binding, Value[]>();
  readonly mro = new WeakMap<object, ClassValue[]>();
  readonly forwarded = new WeakMap<CstNode, FormalParam[]>();
  readonly ids = new ObjectIds();
}
