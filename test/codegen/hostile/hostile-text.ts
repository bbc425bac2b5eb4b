/** Hostile text for the generated-code tests, and encoders that put it into DSL and YAML string literals. */

/** Set by a payload that manages to run; every test asserts it stays undefined. */
export const PWNED = "__mfgcPwned";

/** Strings built to break out of string literals, template literals, comments or lines of generated code. */
export const HOSTILE_STRINGS: readonly string[] = [
  `"; globalThis.${PWNED} = 1; "`,
  `'; globalThis.${PWNED} = 1; '`,
  `\`; globalThis.${PWNED} = 1; \``,
  `\${globalThis.${PWNED} = 1}`,
  `\\"); globalThis.${PWNED} = 1; //`,
  `back\\slash\\`,
  `\\u0022 and \\x22 stay text`,
  `*/ globalThis.${PWNED} = 1; /*`,
  `/* open comment`,
  `line\nglobalThis.${PWNED} = 1; //`,
  `cr\rglobalThis.${PWNED} = 1; //`,
  `crlf\r\nglobalThis.${PWNED} = 1; //`,
  `ls\u2028globalThis.${PWNED} = 1; //`,
  `ps\u2029globalThis.${PWNED} = 1; //`,
  `nul\u0000byte and bell\u0007 and esc\u001b[31m`,
  `tab\tand\u000bvt\u000cff\u0085nel`,
  "__proto__",
  "constructor",
  "class",
  "await",
  "tf",
  "buildModel",
  "ünïcödé 名前 🙂 עברית",
  "lone surrogate \ud800 here",
  "</script><!--",
  "data/we#ird?%41 path/file.csv",
  "x".repeat(10_000),
];

/** A DSL string literal (escapes: `\" \\ \n \t \r \u{…}`) for any text. */
export function dslString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) {
      // One code unit at a time: lone surrogates stay lone, pairs are written as the two halves' code point.
      const cp = s.codePointAt(i)!;
      out += `\\u{${cp.toString(16)}}`;
      if (cp > 0xffff) i++;
    } else out += ch;
  }
  return `${out}"`;
}

/** A YAML double-quoted scalar for any text (YAML escapes `\" \\ \n \r \t \xXX \uXXXX \UXXXXXXXX`). */
export function yamlString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}
