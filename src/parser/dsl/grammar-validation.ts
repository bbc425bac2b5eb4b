/**
 * Whether chevrotain re-validates the grammar when the lexer and parser are built. The grammar is
 * fixed when mfgc is built, and every test run (which runs the sources) validates it; the published
 * bundle, where scripts/build.mjs defines `__MFGC_BUNDLE__`, skips the validations to start faster.
 */
declare const __MFGC_BUNDLE__: boolean | undefined;

export const SKIP_GRAMMAR_VALIDATIONS: boolean = typeof __MFGC_BUNDLE__ !== "undefined" && __MFGC_BUNDLE__;
