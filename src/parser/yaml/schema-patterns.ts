/** Regular expressions shared by the generated schema, the error messages and the scalar rules. */

/** An identifier, as in the DSL. */
export const IDENT_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

/**
 * The characters of an arithmetic expression over numbers and names (`1/255`, `d * 4`, `(d + 1) / 2`).
 * The schema only checks the alphabet; the expression parser checks the grammar and reports with spans.
 */
export const EXPR_PATTERN = "^[-+*/(). 0-9A-Za-z_]+$";

/** A model input's dimension: a size, `"?"` (known only at run time) or an expression. */
export const DIM_STRING_PATTERN = "^(\\?|[-+*/(). 0-9A-Za-z_]+)$";

export const IDENT_RE = new RegExp(IDENT_PATTERN);
export const EXPR_RE = new RegExp(EXPR_PATTERN);
