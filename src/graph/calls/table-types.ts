/** Shapes of the generated table of compiled modules (builtins-table.ts). */

/** A formal parameter: its name and `inspect.Parameter` kind (see `ParamKind`). */
export type TableParam = readonly [name: string, kind: number];

export interface TableFunction {
  /** One parameter list per stub overload, in stub order (methods keep `self`/`cls`). */
  readonly signatures: readonly (readonly TableParam[])[];
  /** Simple name of the class the stub says it returns (`Self`, `str`, `list`, ...), if any. */
  readonly returns: string | null;
  readonly doc: string;
  readonly static?: boolean;
  readonly classmethod?: boolean;
  readonly property?: boolean;
}

export interface TableClass {
  readonly doc: string;
  /** Simple names of the stub's base classes. */
  readonly bases: readonly string[];
  readonly methods: Readonly<Record<string, TableFunction>>;
}

export interface CompiledModuleTable {
  readonly doc: string;
  readonly functions: Readonly<Record<string, TableFunction>>;
  readonly classes: Readonly<Record<string, TableClass>>;
  /** Explicit re-exports: local name → full dotted name where it is defined. */
  readonly aliases: Readonly<Record<string, string>>;
}
