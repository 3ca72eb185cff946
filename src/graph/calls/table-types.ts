/** Shapes of the generated table of the standard library's stubs (builtins-table.json). */

/** A formal parameter: its name and `inspect.Parameter` kind (see `ParamKind`). */
export type TableParam = readonly [name: string, kind: number];

export interface TableFunction {
  /** One parameter list per stub overload, in stub order (methods keep `self`/`cls`). */
  readonly signatures: readonly (readonly TableParam[])[];
  /** Full dotted name of the class the stub says it returns (`Self` for the owner), if any. */
  readonly returns?: string;
  /** Live docstring (module-level functions only; jedi reports none for stub methods). */
  readonly doc?: string;
  readonly staticmethod?: boolean;
  readonly classmethod?: boolean;
  readonly property?: boolean;
  /** For `title = wm_title` in a class body: the method this name aliases (jedi reports that name). */
  readonly aliasOf?: string;
}

export interface TableClass {
  readonly doc?: string;
  /** Full dotted names of the stub's base classes. */
  readonly bases: readonly string[];
  readonly methods: Readonly<Record<string, TableFunction>>;
  /** Annotated attributes (`headers: Message`): name → full dotted name of their class. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface CompiledModuleTable {
  readonly functions: Readonly<Record<string, TableFunction>>;
  readonly classes: Readonly<Record<string, TableClass>>;
  /** Explicit re-exports: local name → full dotted name (a module or a module's member). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Modules re-exported with `from m import *`. */
  readonly stars?: readonly string[];
  /** Star re-exports under a `sys.platform` test (jedi names their functions after this module). */
  readonly platformStars?: readonly string[];
  /** Annotated module variables: name → full dotted name of their class. */
  readonly variables?: Readonly<Record<string, string>>;
}
