/**
 * CSV rows with their positions, read in chunks through `csv-parse` (BOM stripped, ragged rows kept so
 * we can report them ourselves with the row number instead of a library message).
 */
import { parse } from "csv-parse";
import { dataError, fileErrorHint } from "./data-error.js";
import { excerpt } from "../../diagnostics/escape.js";
import { openDataFile } from "./data-path.js";

/** One parsed record with the 1-based line it ends on and the byte offset it starts at. */
export interface CsvRow {
  readonly cells: readonly string[];
  readonly line: number;
  readonly offset: number;
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number; readonly bytes: number };
}

/** Yields every non-empty record of `file`, header included. */
export async function* csvRows(file: string): AsyncGenerator<CsvRow, void, undefined> {
  // Opened as a regular file only (a FIFO named as a CSV would block training forever).
  const input = (await openDataFile(file)).createReadStream();
  const parser = parse({ bom: true, relax_column_count: true, info: true, skip_empty_lines: true });
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);
  let offset = 0;
  try {
    for await (const rec of parser as AsyncIterable<ParsedRecord>) {
      yield { cells: rec.record, line: rec.info.lines, offset };
      offset = rec.info.bytes;
    }
  } catch (e) {
    if (e instanceof Error && "code" in e && (e as NodeJS.ErrnoException).code === "ENOENT") {
      throw dataError("MFG4001", file, "data file not found", 0, [fileErrorHint(e)]);
    }
    const code = (e as { code?: unknown }).code;
    if (e instanceof Error && typeof code === "string" && code.startsWith("CSV_")) {
      const lines = (e as { lines?: number }).lines;
      throw dataError("MFG4201", file, `malformed CSV${lines === undefined ? "" : ` at row ${lines}`}: ${excerpt(e.message, 120)}`, offset, [
        'mfgc reads comma-separated values with one header row; check the quoting there: a quoted cell ends with `"`, and a `"` inside it is written `""`',
      ]);
    }
    throw dataError("MFG4001", file, `cannot read data file: ${excerpt((e as Error).message, 120)}`, offset, [fileErrorHint(e)]);
  } finally {
    input.destroy();
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** Whether a cell reads as a finite or non-finite number (`nan`/`inf` count: they are bad numbers, not names). */
export function isNumericText(cell: string): boolean {
  const text = cell.trim();
  return DECIMAL.test(text) || NON_FINITE.test(text);
}

const NON_FINITE_HINT = "replace it with a finite number (below about 1.8e308), or drop the row";

/** Parses a numeric cell or throws the data error that names file, row and column. */
export function parseNumericCell(cell: string, file: string, row: CsvRow, column: string): number {
  const text = cell.trim();
  if (text === "") throw dataError("MFG4204", file, `empty cell in row ${row.line}, column \`${column}\`; expected a number`, row.offset, ["fill in the missing value, or drop rows with gaps before training"]);
  if (NON_FINITE.test(text)) throw dataError("MFG4206", file, `cell in row ${row.line}, column \`${column}\` is \`${excerpt(text)}\`; expected a finite number`, row.offset, [NON_FINITE_HINT]);
  if (!DECIMAL.test(text)) {
    throw dataError("MFG4205", file, `cell in row ${row.line}, column \`${column}\` is \`${excerpt(text)}\`; expected a number`, row.offset, [
      "write it as a decimal number such as `0.5` (a `.` for the decimal point, no thousands separators), or use only numeric columns",
    ]);
  }
  const v = Number(text);
  if (!Number.isFinite(v)) throw dataError("MFG4206", file, `cell in row ${row.line}, column \`${column}\` is \`${excerpt(text)}\`, which overflows to infinity`, row.offset, [NON_FINITE_HINT]);
  return v;
}
