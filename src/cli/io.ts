/** Where a CLI run writes; injectable so tests run commands in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours for stderr/stdout text output. */
  readonly color: boolean;
}

/** Exit codes: 0 clean, 1 the specs have errors (or stale output), 2 usage. */
export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;
