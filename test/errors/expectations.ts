/**
 * Inline expectations in bad-spec fixtures. A fixture states every diagnostic it must produce, in a
 * comment anywhere in the file:
 *
 *     # !expect MFG3004 12:5      the diagnostic's code, line and column
 *     -> maxpol2d(2)   # !expect MFG3004 :8   (line omitted: this line)
 *
 * Missing *and* extra diagnostics fail the test.
 */
export interface Expectation {
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

const EXPECT = /!expect\s+(MFG\d{4})\s+(\d*):(\d+)/g;

export function readExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, i) => {
    for (const m of lineText.matchAll(EXPECT)) {
      out.push({ code: m[1]!, line: m[2] === "" ? i + 1 : Number(m[2]), column: Number(m[3]) });
    }
  });
  return sortExpectations(out);
}

export function sortExpectations(es: readonly Expectation[]): Expectation[] {
  return [...es].sort((a, b) => a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function formatExpectation(e: Expectation): string {
  return `${e.code} ${e.line}:${e.column}`;
}
