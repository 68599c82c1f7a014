/**
 * What went wrong, independent of transport; mapped to HTTP in one place.
 * `unavailable`: a system the request depends on (the Kubernetes API) did not
 * answer; the request itself may be fine and can be retried.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'unsupported_media_type'
  | 'too_large'
  | 'unavailable';

export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Every problem found, each naming its field path, e.g. `spec.parameters[1].feasibleSpace.max: ...`. */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export const invalidInput = (message: string, details: string[] = []) =>
  new DomainError('invalid_input', message, details);
export const notFound = (message: string) => new DomainError('not_found', message);
export const conflict = (message: string) => new DomainError('conflict', message);
/** The thing asked for will never be available again: e.g. a trial from an experiment that has completed. */
export const gone = (message: string) => new DomainError('gone', message);
export const unauthorized = (message: string) => new DomainError('unauthorized', message);
/** Authenticated, but the caller's scopes do not cover the request (or the request came from another site). */
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const unsupportedMediaType = (message: string) => new DomainError('unsupported_media_type', message);
/** The request is well formed but bigger than the service keeps (413). */
export const tooLarge = (message: string, details: string[] = []) => new DomainError('too_large', message, details);
export const unavailable = (message: string) => new DomainError('unavailable', message);
