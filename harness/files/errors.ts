// A file someone handed us is unusable: the CLI maps this to exit code 2 and prints `<path>: <fault>`.
export class BadInputError extends Error {
  override name = 'BadInputError';
  constructor(
    readonly path: string,
    readonly fault: string,
  ) {
    super(`${path}: ${fault}`);
  }
}

/** Wrong flags or arguments: exit 2 with the usage line (harness/cli/exit-codes.ts). Lower layers throw it
 * too (a bad --shard, an unknown --engine), so it lives here beside BadInputError. */
export class UsageError extends Error {
  override name = 'UsageError';
}
