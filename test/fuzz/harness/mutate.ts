/**
 * Mutations of real specs for the fuzzer: the attack's "near misses". Each input is a valid spec (an
 * example, a corpus fixture, a generated one) with a few edits: a range deleted or duplicated, a token
 * from a hostile vocabulary inserted (deep brackets, huge numbers, controls, bidi overrides, keywords,
 * YAML anchors and tags), characters flipped, lines swapped. Seeded.
 */
import type { Rng } from "./rng.js";

const VOCAB = [
  "(", ")", "[", "]", "{", "}", ",", ":", ";", "=", "->", "?", "-", "*", "/", "+", "#", "//", "/*", "*/", '"', "'", "\\",
  "model", "block", "train", "input", "output", "as", "repeat", "true", "false", "dense", "conv2d", "add", "concat",
  "0", "-1", "1e308", "1e309", "9007199254740993", "1e-400", ".5", "1/0", "0/0", "1e308 * 10", "NaN", ".inf", ".nan",
  "constructor", "__proto__", "toString", "hasOwnProperty", "\u0000", "\u001b]0;T\u0007", "\u001b[2J", "\u202e", "\u2066",
  "\u2028", "\r", "\t", "\n", "\n\n", "ü", "名", "𝑥", "&a", "*a", "!!str", "%YAML 1.1\n", "---\n", "<<: *a", "- ", ": ",
  "repeat 100000", "repeat 3", "[[[[[[[[", "]]]]]]]]", "((((((((", "))))))))", "{{{{", "}}}}",
];

/** One to five edits of `text`. */
export function mutate(r: Rng, text: string): string {
  let s = text;
  const edits = 1 + r.int(5);
  for (let i = 0; i < edits; i++) {
    const at = r.int(s.length + 1);
    const len = 1 + r.int(Math.min(40, Math.max(1, s.length - at)));
    switch (r.int(7)) {
      case 0: // delete a range
        s = s.slice(0, at) + s.slice(at + len);
        break;
      case 1: // duplicate a range
        s = s.slice(0, at + len) + s.slice(at, at + len) + s.slice(at + len);
        break;
      case 2: // insert a hostile token
      case 3:
        s = s.slice(0, at) + r.pick(VOCAB) + s.slice(at);
        break;
      case 4: // replace one character by punctuation
        s = s.slice(0, at) + r.pick(["(", ")", "{", "}", "[", "]", ",", ":", "-", '"', "#", " ", "\n"]) + s.slice(at + 1);
        break;
      case 5: {
        // swap two lines
        const lines = s.split("\n");
        const a = r.int(lines.length);
        const b = r.int(lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join("\n");
        break;
      }
      default: // repeat a token many times (a cheap "bomb" within the size cap)
        s = s.slice(0, at) + r.pick(["(", "[", "- ", "a, ", "x -> ", "1 + "]).repeat(1 + r.int(2000)) + s.slice(at);
        break;
    }
  }
  return s;
}
