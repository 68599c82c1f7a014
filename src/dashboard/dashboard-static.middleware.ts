import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { TOKEN_COOKIE } from '../auth/auth.guard.js';

/**
 * Paths the API owns: the dashboard never answers them, not even with its
 * index.html fallback. `/docs` covers Swagger's siblings too (`/docs-json`).
 */
const API_PATHS = /^\/(api|docs|healthz|readyz|metrics)($|[/.-])/;

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kubetune</title></head>
<body><h1>kubetune</h1><p>The dashboard is not built. Run <code>npm run build</code>, then restart the service.
The REST API is served as usual; its OpenAPI document is at <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * Serves the dashboard's built files from `buildDir`, and index.html for any
 * other page path (the app routes in the browser), without shadowing the API.
 * Hashed assets are cached for ever; index.html is revalidated so a new build
 * is picked up at the next load.
 */
export function dashboardStatic(buildDir: string) {
  const root = path.resolve(buildDir);
  const indexFile = path.join(root, 'index.html');
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    // originalUrl, not path: Nest mounts middleware on a route, and express strips the mount point from `path`.
    const urlPath = decodeSafely(request.originalUrl.split('?')[0]!);
    if (urlPath === undefined || API_PATHS.test(urlPath)) {
      return next();
    }
    const query = new URLSearchParams(request.originalUrl.split('?')[1] ?? '');
    const token = query.get('token');
    if (token) {
      // The printed URL carries the token (as Jupyter's does): keep it as an HttpOnly cookie the page's
      // API calls send, and take it out of the address bar and history. The API checks it on every call.
      response.cookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
      query.delete('token');
      response.redirect(302, `${urlPath}${query.size > 0 ? `?${query}` : ''}`);
      return;
    }
    if (!existsSync(indexFile)) {
      response.status(200).type('html').send(NOT_BUILT_PAGE);
      return;
    }
    const file = path.join(root, urlPath);
    if (file.startsWith(`${root}${path.sep}`) && isFile(file) && file !== indexFile) {
      const immutable = urlPath.startsWith('/assets/');
      response.sendFile(file, { maxAge: immutable ? '365d' : 0, immutable });
      return;
    }
    // A missing file with an extension is a missing asset, not a page: 404 rather than HTML in its place.
    if (path.extname(urlPath) !== '') return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexFile);
  };
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
