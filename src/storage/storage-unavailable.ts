/**
 * What ioredis says when Redis cannot take a command now (down, restarting,
 * loading its data, not answering), as opposed to a command Redis refused:
 * the request may be fine and can be retried, so it is a 503, not a 500.
 * ioredis has no error class for most of these, only their messages.
 */
const UNAVAILABLE = [
  /^Stream isn't writeable and enableOfflineQueue options is false/,
  /^Command timed out/,
  /^Connection is closed/,
  /^Reached the max retries per request limit/,
  /^LOADING /,
  /^BUSY /,
];

export function isStorageUnavailable(error: unknown): error is Error {
  return error instanceof Error && UNAVAILABLE.some((pattern) => pattern.test(error.message));
}
