// The viewer's files at / (api/web.ts): the page, its modules and the libraries, all from this
// server; nothing outside the listed files is served.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';

let app: FastifyInstance;
let bare: FastifyInstance;

beforeAll(async () => {
  // A stand-in for the compiled modules (the browser test compiles the real ones).
  const webRoot = mkdtempSync(join(tmpdir(), 'paysim-web-'));
  mkdirSync(join(webRoot, 'views'));
  writeFileSync(join(webRoot, 'main.js'), 'export {};\n');
  writeFileSync(join(webRoot, 'views', 'run.js'), 'export const view = {};\n');
  app = await buildApp({ db: join(webRoot, 'none.duckdb'), webRoot });
  bare = await buildApp({ db: join(webRoot, 'none.duckdb'), webRoot: join(webRoot, 'missing') });
});

afterAll(async () => {
  await app?.close();
  await bare?.close();
});

describe('the viewer page', () => {
  it('GET / is the page, which loads only files of this origin', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const srcs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs).toContain('/web/main.js');
    expect(srcs.filter((s) => !s.startsWith('/') && s !== 'data:,')).toEqual([]);
    for (const src of srcs.filter((s) => s.startsWith('/'))) {
      const r = await app.inject({ method: 'GET', url: src });
      expect(r.statusCode, src).toBe(200);
    }
  });

  it('serves compiled modules in folders, the libraries by name, and 404s anything else', async () => {
    const mod = await app.inject({ method: 'GET', url: '/web/views/run.js' });
    expect(mod.statusCode).toBe(200);
    expect(mod.headers['content-type']).toMatch(/^text\/javascript/);
    const lib = await app.inject({ method: 'GET', url: '/vendor/cytoscape.min.js' });
    expect(lib.statusCode).toBe(200);
    expect(lib.body).not.toMatch(/sourceMappingURL/);
    for (const url of ['/web/../package.json', '/web/%2e%2e/package.json', '/web/views/../../../package.json', '/web/missing.js', '/web/Main.js', '/vendor/fs.js', '/vendor/..%2fpackage.json']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(JSON.parse(r.body).error.code, url).toBe('not_found');
    }
  });

  it('without the compiled modules, / says how to build them', async () => {
    const res = await bare.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build');
  });

  it('the page files are not in the OpenAPI document', async () => {
    const doc = JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p === '/' || p.startsWith('/web') || p.startsWith('/vendor'))).toEqual([]);
  });
});
