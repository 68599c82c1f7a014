import { KubetuneApiError, ServerUnreachableError } from '../client/kubetune-client.js';

/**
 * What the exit status tells a script: 0 done (for `run`, the experiment
 * Succeeded); 1 the experiment ended Failed or Stopped; 2 the input was
 * refused (bad usage, a file that cannot be read, a 400 or 409); 3 no server
 * answered; 4 not found; 5 not allowed (401, 403); 6 any other server error.
 */
export const EXIT = {
  ok: 0,
  experimentDidNotSucceed: 1,
  badInput: 2,
  unreachable: 3,
  notFound: 4,
  notAllowed: 5,
  serverError: 6,
  interrupted: 130,
} as const;

/** A problem the CLI reports in words and an exit status, with nothing else (no stack). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** How an error reads to a person, and the status the process exits with. */
export function describeFailure(error: unknown): { lines: string[]; exitCode: number } {
  if (error instanceof CliError) return { lines: [error.message, ...error.details.map((d) => `  ${d}`)], exitCode: error.exitCode };
  if (error instanceof ServerUnreachableError) {
    return { lines: [error.message, 'start one with `kubetune server`, or point --server (or KUBETUNE_SERVER) at yours'], exitCode: EXIT.unreachable };
  }
  if (error instanceof KubetuneApiError) {
    const exitCode =
      error.status === 404
        ? EXIT.notFound
        : error.status === 401 || error.status === 403
          ? EXIT.notAllowed
          : error.status < 500
            ? EXIT.badInput
            : EXIT.serverError;
    // A refused spec lists each field error on its own line, instead of the joined message.
    const lines = error.errors.length > 0 ? ['the server refused it:', ...error.errors.map((e) => `  ${e}`)] : [error.message];
    if (error.status === 401) lines.push('pass --token, or set KUBETUNE_TOKEN (a local server writes its token to .kubetune/token)');
    return { lines, exitCode };
  }
  return { lines: [(error as Error)?.message ?? String(error)], exitCode: EXIT.serverError };
}
