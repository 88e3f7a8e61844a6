// The live viewer's page (docs/viewer.md), served by the API itself so it shares its origin and
// works offline: the page and its stylesheet from src/web/, the compiled browser modules from
// dist/web/ (`npm run build` compiles tsconfig.web.json), and the libraries from the browser
// builds their packages ship in node_modules. Only listed files are served: no request path
// ever reaches the file system unchecked.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readBrowserBuild } from '../analysis/report/vega-runtime.js';
import { notFound } from './errors.js';
import { projectRoot } from '../input/project-root.js';

/** The libraries the page loads as classic scripts (each defines a global), by the name served. */
const VENDOR: Readonly<Record<string, { readonly pkg: string; readonly file: string }>> = {
  'vega.min.js': { pkg: 'vega', file: 'build/vega.min.js' },
  'vega-lite.min.js': { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  'vega-embed.min.js': { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
  'cytoscape.min.js': { pkg: 'cytoscape', file: 'dist/cytoscape.min.js' },
};

/** Where the compiled browser modules are, unless the caller says otherwise (tests build their own). */
export function defaultWebRoot(): string {
  return join(projectRoot(), 'dist', 'web');
}

const JS = 'text/javascript; charset=utf-8';
// Module paths under /web/: lower-case names in folders, .js only.
const MODULE_PATH = /^[a-z0-9-]+(?:\/[a-z0-9-]+)*\.js$/;

const vendorCache = new Map<string, string>();

function vendorScript(name: string): string {
  const cached = vendorCache.get(name);
  if (cached !== undefined) return cached;
  const entry = VENDOR[name];
  if (entry === undefined) throw notFound(`no library '${name}'`);
  const text = readBrowserBuild(entry.pkg, entry.file);
  vendorCache.set(name, text);
  return text;
}

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>paysim</title>
<p>The viewer's browser modules are not built: run <code>npm run build</code> (npm ci does it), then reload.</p>`;

export function webRoutes(app: FastifyInstance, webRoot: string): void {
  const pageDir = join(projectRoot(), 'src', 'web');
  const root = resolve(webRoot);
  const hidden = { schema: { hide: true } };

  app.get('/', hidden, async (_request, reply) => {
    const built = existsSync(join(root, 'main.js'));
    const html = built ? readFileSync(join(pageDir, 'index.html'), 'utf8') : MISSING_BUILD;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  app.get('/web/style.css', hidden, async (_request, reply) => {
    return reply.type('text/css; charset=utf-8').send(readFileSync(join(pageDir, 'style.css'), 'utf8'));
  });

  app.get<{ Params: { '*': string } }>('/web/*', hidden, async (request, reply) => {
    const path = request.params['*'];
    const file = resolve(root, path);
    if (!MODULE_PATH.test(path) || !file.startsWith(root + sep) || !existsSync(file)) throw notFound(`no module '/web/${path}'`);
    return reply.type(JS).header('cache-control', 'no-cache').send(readFileSync(file, 'utf8'));
  });

  app.get<{ Params: { name: string } }>('/vendor/:name', hidden, async (request, reply) => {
    return reply.type(JS).header('cache-control', 'max-age=3600').send(vendorScript(request.params.name));
  });
}
