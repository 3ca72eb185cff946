/** Keyword arguments LibCST passes to `_codegen` of some children, packed into bit flags. */

/** `default_comma`: emit a comma when the node's own comma is `MaybeSentinel.DEFAULT`. */
export const DEFAULT_COMMA = 1;
/** `default_comma_whitespace`: that default comma is `", "` rather than `","`. */
export const COMMA_SPACE = 2;
/** `default_semicolon`: emit `"; "` when the small statement has no semicolon of its own. */
export const DEFAULT_SEMICOLON = 4;
/** `is_elif`: an `If` that is the `orelse` of another `If`. */
export const ELIF = 8;
/** `default_separator` of `MatchOrElement`. */
export const DEFAULT_SEPARATOR = 16;
