import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import send from 'send';
import { tokenCookie } from '../auth/token-cookie.js';

/**
 * Paths the API owns: the dashboard never answers them, not even with its
 * index.html fallback. `/docs` covers Swagger's siblings too (`/docs-json`).
 */
const API_PATHS = /^\/(api|docs|healthz|readyz|metrics)($|[/.-])/;

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kubetune</title></head>
<body><h1>kubetune</h1><p>The dashboard is not built. Run <code>npm run build</code>, then restart the service.
The REST API is served as usual; its OpenAPI document is at <a href="/docs">/docs</a>.</p></body></html>`;

/** Writes the dashboard's answer on Node's response. */
export type DashboardAnswer = (response: ServerResponse) => void;

/**
 * What the dashboard answers to a GET or HEAD at `url`, or undefined when the
 * path is not its own (the API's paths, a missing asset): the built files
 * from `buildDir`, and index.html for any other page path (the app routes in
 * the browser). Hashed assets are cached for ever; index.html is revalidated
 * so a new build is picked up at the next load. Files go out through `send`,
 * as Express's sendFile sent them (ETag, Last-Modified, 304, ranges).
 */
export function dashboardFiles(buildDir: string): (request: IncomingMessage) => DashboardAnswer | undefined {
  const root = path.resolve(buildDir);
  const indexFile = path.join(root, 'index.html');
  return (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const url = request.url ?? '/';
    const urlPath = decodeSafely(url.split('?')[0]!);
    if (urlPath === undefined || API_PATHS.test(urlPath)) return undefined;
    const query = new URLSearchParams(url.split('?')[1] ?? '');
    const token = query.get('token');
    if (token) {
      // The printed URL carries the token (as Jupyter's does): keep it as an HttpOnly cookie the page's
      // API calls send, and take it out of the address bar and history. The API checks it on every call.
      query.delete('token');
      const location = `${encodeURI(urlPath)}${query.size > 0 ? `?${query}` : ''}`;
      return (response) => response.writeHead(302, { 'set-cookie': tokenCookie(token), location }).end();
    }
    if (!existsSync(indexFile)) {
      return (response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(NOT_BUILT_PAGE);
    }
    const file = path.join(root, urlPath);
    if (file.startsWith(`${root}${path.sep}`) && isFile(file) && file !== indexFile) {
      const immutable = urlPath.startsWith('/assets/');
      return (response) => sendFile(request, response, file, { maxAge: immutable ? '365d' : 0, immutable });
    }
    // A missing file with an extension is a missing asset, not a page: 404 rather than HTML in its place.
    if (path.extname(urlPath) !== '') return undefined;
    return (response) => {
      response.setHeader('Cache-Control', 'no-cache');
      sendFile(request, response, indexFile, {});
    };
  };
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: string, options: send.SendOptions): void {
  send(request, encodeURI(file), options)
    // Only if the file went away after it was found: send's error carries the status (404 for a vanished file).
    .on('error', (error: { status?: number }) => response.writeHead(error.status ?? 500).end())
    .pipe(response);
}

function decodeSafely(urlPath: string): string | undefined {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
