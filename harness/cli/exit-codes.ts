// The exit codes other programs rely on (README: the CLI; harness/check/exit-codes.ts), and how an error maps to one.
import { EXIT } from '../check/exit-codes.js';

export { EXIT };
export { UsageError } from '../files/errors.js';

/** Maps any error a command throws to the contract's exit code and the line printed on stderr. */
export function classify(err: unknown): { code: number; text: string } {
  if (err instanceof Error) {
    switch (err.name) {
      case 'UsageError':
        return { code: EXIT.badInput, text: `usage error: ${err.message}\nRun \`rnn-conformance help\` for the commands.` };
      case 'BadInputError':
      case 'SafetensorsError':
        return { code: EXIT.badInput, text: `bad input: ${err.message}` };
      case 'ReferenceUnavailableError':
      case 'SidecarCrashedError':
        return { code: EXIT.environment, text: `reference unavailable: ${err.message}` };
    }
    // A TorchError mirrors a torch refusal: print it as Python would, `TypeName: message`.
    if ('type' in err && typeof err.type === 'string' && err.name === err.type) return { code: EXIT.divergence, text: `${err.type}: ${err.message}` };
    return { code: EXIT.environment, text: `internal error: ${err.stack ?? err.message}` };
  }
  return { code: EXIT.environment, text: `internal error: ${String(err)}` };
}
