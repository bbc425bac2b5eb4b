/** Resource limits of the YAML front-end (the size and depth limits shared with the DSL live in parse-result.ts). */

/** Alias occurrences (`*name`) a file may use: enough for sharing a block of settings, too few for a "billion laughs". */
export const MAX_YAML_ALIASES = 20;

/**
 * Nodes that alias expansion may add in total. Twenty aliases can still multiply a large anchored
 * subtree (`[*a, *a, …]` nested), so expansion is budgeted separately from the alias count.
 */
export const MAX_ALIAS_EXPANSION_NODES = 10_000;
