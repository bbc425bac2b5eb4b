/** Regular expressions shared by the generated schema, the error messages and the scalar rules. */

/** An identifier, as in the DSL. */
export const IDENT_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

/**
 * The characters of an arithmetic expression over numbers and names (`1/255`, `d * 4`, `(d + 1) / 2`).
 * The schema only checks the alphabet; the expression parser checks the grammar and reports with spans.
 */
export const EXPR_PATTERN = "^[-+*/(). 0-9A-Za-z_]+$";

/** A plain number as YAML's core schema reads it: a string that looks like one was quoted. */
const PLAIN_NUMBER = "[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?";

/**
 * A numeric parameter given as an expression (`d * 4`, `1/255`). A string that is just a number was
 * written in quotes (YAML reads plain numbers as numbers), and a quoted number is a string: refused.
 */
export const VALUE_EXPR_PATTERN = `^(?!${PLAIN_NUMBER}$)[-+*/(). 0-9A-Za-z_]+$`;

/** A number in the train section as an expression: no names are in scope there, so only arithmetic. */
export const NUMBER_EXPR_PATTERN = `^(?!${PLAIN_NUMBER}$)[-+*/(). 0-9eE]+$`;

/** A model input's dimension: a size, `"?"` (known only at run time) or an expression. */
export const DIM_STRING_PATTERN = "^(\\?|[-+*/(). 0-9A-Za-z_]+)$";

export const IDENT_RE = new RegExp(IDENT_PATTERN);
export const EXPR_RE = new RegExp(EXPR_PATTERN);
