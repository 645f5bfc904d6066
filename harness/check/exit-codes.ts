// The exit codes other programs rely on (README: the CLI): a run's result carries one (check.ts), the JSON and
// Markdown reports print it, the CLI exits with it.
export const EXIT = {
  conforms: 0,
  divergence: 1,
  badInput: 2,
  environment: 3,
  /** check --require-coverage: every case conformed, but a numeric regime the run should reach was missed. */
  coverage: 4,
  /** check stopped by SIGINT or SIGTERM (128 + SIGINT's number, as a shell reports it). */
  interrupted: 130,
} as const;
