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

/** Connect-style middleware, as Nest runs it on Fastify (through @fastify/middie): the Node request and response. */
type Middleware = (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Serves the dashboard's built files from `buildDir`, and index.html for any
 * other page path (the app routes in the browser), without shadowing the API.
 * Hashed assets are cached for ever; index.html is revalidated so a new build
 * is picked up at the next load. Files go out through `send`, as Express's
 * sendFile sent them (ETag, Last-Modified, 304, ranges).
 */
export function dashboardStatic(buildDir: string): Middleware {
  const root = path.resolve(buildDir);
  const indexFile = path.join(root, 'index.html');
  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    // originalUrl: the address as the client sent it, whatever path the middleware was mounted on.
    const url = request.originalUrl ?? request.url ?? '/';
    const urlPath = decodeSafely(url.split('?')[0]!);
    if (urlPath === undefined || API_PATHS.test(urlPath)) {
      return next();
    }
    const query = new URLSearchParams(url.split('?')[1] ?? '');
    const token = query.get('token');
    if (token) {
      // The printed URL carries the token (as Jupyter's does): keep it as an HttpOnly cookie the page's
      // API calls send, and take it out of the address bar and history. The API checks it on every call.
      query.delete('token');
      response.writeHead(302, { 'set-cookie': tokenCookie(token), location: `${encodeURI(urlPath)}${query.size > 0 ? `?${query}` : ''}` }).end();
      return;
    }
    if (!existsSync(indexFile)) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(NOT_BUILT_PAGE);
      return;
    }
    const file = path.join(root, urlPath);
    if (file.startsWith(`${root}${path.sep}`) && isFile(file) && file !== indexFile) {
      const immutable = urlPath.startsWith('/assets/');
      sendFile(request, response, next, file, { maxAge: immutable ? '365d' : 0, immutable });
      return;
    }
    // A missing file with an extension is a missing asset, not a page: 404 rather than HTML in its place.
    if (path.extname(urlPath) !== '') return next();
    response.setHeader('Cache-Control', 'no-cache');
    sendFile(request, response, next, indexFile, {});
  };
}

function sendFile(request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void, file: string, options: send.SendOptions): void {
  send(request, encodeURI(file), options)
    .on('error', (error: unknown) => next(error))
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
