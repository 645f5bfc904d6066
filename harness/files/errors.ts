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
