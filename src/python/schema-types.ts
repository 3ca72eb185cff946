/** What bugmine knows about one LibCST node class (generated into schema.ts). */
export interface NodeSchema {
  /** LibCST dataclass fields in declaration order. */
  readonly fields: readonly string[];
  /** Fields in the order LibCST visits children: the order of `Child`/`Sibling` edges. */
  readonly visit: readonly string[];
  /** BugLab's whitespace test: such nodes never become graph nodes. */
  readonly whitespace: boolean;
  /** Graph label rule: the node's `value` text, its fixed token, or its class name. */
  readonly label: 'text' | 'token' | 'class';
  /** LibCST base classes (method-resolution order, CSTNode left out). */
  readonly bases: readonly string[];
  /** The fixed token of single-token nodes (operators, `,`, `.`, `:`, `=`, `;`). */
  readonly token?: string;
}
