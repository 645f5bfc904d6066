// Errors that mirror torch's: the Python exception type name and torch's own message, so a harness
// can compare a refusal character for character. String(err) reads `ValueError: message`.

export type TorchErrorType = 'ValueError' | 'TypeError' | 'RuntimeError' | 'NotImplementedError' | 'KeyError' | 'IndexError';

export class TorchError extends Error {
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

export const valueError = (m: string): TorchError => new TorchError('ValueError', m);
export const typeError = (m: string): TorchError => new TorchError('TypeError', m);
export const runtimeError = (m: string): TorchError => new TorchError('RuntimeError', m);
export const notImplementedError = (m: string): TorchError => new TorchError('NotImplementedError', m);
