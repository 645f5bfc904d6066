// Errors that mirror torch's: the Python exception type name and torch's own message, so a harness
// can compare a refusal character for character. String(err) reads `ValueError: message`.

export type TorchErrorType = 'ValueError' | 'TypeError' | 'RuntimeError' | 'NotImplementedError' | 'KeyError' | 'IndexError' | 'OverflowError';

export class TorchError extends Error {
  /** Warnings torch records before raising this (e.g. the constructor's dropout warning). */
  warnings: string[] = [];
  constructor(
    readonly type: TorchErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
  override toString(): string {
    return `${this.type}: ${this.message}`;
  }
}

/** Runs f; a TorchError it throws carries the warnings recorded so far (a copy). */
export function withWarnings<T>(warnings: readonly string[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TorchError) e.warnings = [...warnings, ...e.warnings];
    throw e;
  }
}

export const valueError = (m: string): TorchError => new TorchError('ValueError', m);
export const typeError = (m: string): TorchError => new TorchError('TypeError', m);
export const runtimeError = (m: string): TorchError => new TorchError('RuntimeError', m);
export const notImplementedError = (m: string): TorchError => new TorchError('NotImplementedError', m);
export const indexError = (m: string): TorchError => new TorchError('IndexError', m);
export const overflowError = (m: string): TorchError => new TorchError('OverflowError', m);
