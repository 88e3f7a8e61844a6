// The dependency rules of the design (spec README, "Layout"): the arrows point inward. The engine
// imports nothing of ours but the policy decision contract, and no Node API; `any` has no place in src.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]!);
}

/** The top-level folder under src/ an import lands in, or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const resolved = relative('src', join(file, '..', spec));
  return resolved.split('/').slice(0, 2).join('/');
}

/** The imports of a file that load code when it runs: type-only imports (`import type`, every name `type`) left out. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(import|export)\s+(type\s+)?([^'"]*?)\s*from\s+'([^']+)'|import\('([^']+)'\)/g)]
    .filter((m) => {
      if (m[5] !== undefined) return true;
      if (m[2] !== undefined) return false;
      const names = /\{([^}]*)\}/.exec(m[3]!);
      // `import { type A, type B }` loads nothing either; a default or namespace import always loads.
      return names === null || m[3]!.replace(names[0], '').replace(',', '').trim() !== '' || names[1]!.split(',').some((n) => n.trim() !== '' && !n.trim().startsWith('type '));
    })
    .map((m) => m[4] ?? m[5]!);
}

/** Every file of src/ → the files of src/ it imports (type-only imports too, unless `runtime`). */
function fileGraph(runtime = false): Map<string, string[]> {
  const files = new Set(sources('src'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = (runtime ? runtimeImports(file) : imports(file))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => join(file, '..', spec).replace(/\.js$/, '.ts'))
      .filter((path) => files.has(path));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * What marks a module that writes: SQL that changes the store, Node file writes, the DuckDB
 * appender, or a worker pool (which runs simulations to be stored).
 */
const WRITES =
  /\b(INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (OR REPLACE )?(TABLE|VIEW|INDEX|SEQUENCE|TYPE)|ALTER TABLE|DROP TABLE|COPY \w+ TO)\b|\b(writeFileSync|appendFileSync|createWriteStream|mkdirSync|renameSync|rmSync|unlinkSync)\b|\bDuckDBAppender\b|new Piscina\b/;

describe('architecture', () => {
  it('the engine imports only itself and the policy decision contract, and no Node API', () => {
    const offenders: string[] = [];
    for (const file of sources('src/engine')) {
      for (const spec of imports(file)) {
        const t = target(file, spec);
        const ok = t.startsWith('engine/') || t === 'policy/decision.js';
        if (!ok) offenders.push(`${file} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('policy and config do not import runner, store, analysis, cli or api', () => {
    const offenders: string[] = [];
    for (const dir of ['src/input', 'src/policy', 'src/config']) {
      for (const file of sources(dir)) {
        for (const spec of imports(file)) {
          const top = target(file, spec).split('/')[0]!;
          if (['runner', 'store', 'analysis', 'cli', 'api'].includes(top)) offenders.push(`${file} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('input (issues, the document reader, the Ajv translator) is the bottom: it imports nothing of ours', () => {
    const offenders: string[] = [];
    for (const file of sources('src/input')) {
      for (const spec of imports(file)) {
        if (spec.startsWith('.') && !target(file, spec).startsWith('input/')) offenders.push(`${file} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('config may use policy, never the other way round; the decision contract imports nothing of ours', () => {
    const offenders: string[] = [];
    for (const file of sources('src/policy')) {
      for (const spec of imports(file)) {
        const t = target(file, spec);
        if (t.startsWith('config/')) offenders.push(`${file} imports ${spec}`);
        if (file.endsWith('policy/decision.ts') && spec.startsWith('.')) offenders.push(`${file} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('no folder cycles: the folders of src/ import each other one way only (docs/architecture.md, "Layers")', () => {
    // The unit is a top-level folder, except the policy decision contract: it sits below the
    // engine while the rest of policy/ sits above it.
    const unit = (path: string): string => (path === 'policy/decision.js' || path === 'policy/decision.ts' ? 'policy/decision' : path.split('/')[0]!);
    const edges = new Map<string, Map<string, string>>();
    for (const file of sources('src')) {
      const from = unit(relative('src', file));
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const to = unit(relative('src', join(file, '..', spec)));
        if (to === from) continue;
        if (!edges.has(from)) edges.set(from, new Map());
        if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${file} imports ${spec}`);
      }
    }
    // A cycle is a path from a unit back to itself; each is reported once, by the imports that close it.
    const cycles: string[] = [];
    const reaches = (start: string, goal: string, seen = new Set<string>()): string[] | null => {
      for (const [next, why] of edges.get(start) ?? []) {
        if (next === goal) return [why];
        if (seen.has(next)) continue;
        seen.add(next);
        const rest = reaches(next, goal, seen);
        if (rest !== null) return [why, ...rest];
      }
      return null;
    };
    for (const from of [...edges.keys()].sort()) {
      const path = reaches(from, from);
      if (path !== null) cycles.push(`${from}: ${path.join(' → ')}`);
    }
    expect(cycles).toEqual([]);
  });

  it('no import circles between files, inside a folder or across (docs/architecture.md, "The arrows")', () => {
    // Type-only imports count too: two modules that need each other's types cannot be read apart.
    const graph = fileGraph();
    const cycles: string[] = [];
    const done = new Set<string>();
    // Depth-first from each file in name order; a path back to a file on the current path is a circle.
    const visit = (file: string, path: string[]): void => {
      if (done.has(file)) return;
      const at = path.indexOf(file);
      if (at >= 0) {
        cycles.push([...path.slice(at), file].join(' → '));
        return;
      }
      path.push(file);
      for (const next of graph.get(file) ?? []) visit(next, path);
      path.pop();
      done.add(file);
    };
    for (const file of [...graph.keys()].sort()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('analysis/ imports nothing that writes: no store writer, pool, file write or SQL that changes the store, however far down', () => {
    // The code an analysis module loads, through any chain of imports; type-only imports load none.
    const graph = fileGraph(true);
    const writes = (file: string): boolean => WRITES.test(readFileSync(file, 'utf8'));
    const offenders: string[] = [];
    for (const file of sources('src/analysis').sort()) {
      // Breadth-first through everything the file imports, remembering how each module was reached.
      const via = new Map<string, string>([[file, '']]);
      const queue = [file];
      while (queue.length > 0) {
        const current = queue.shift()!;
        if (current !== file && writes(current)) {
          const chain = [current];
          for (let f = via.get(current)!; f !== ''; f = via.get(f)!) chain.unshift(f);
          offenders.push(chain.join(' → '));
          break;
        }
        for (const next of graph.get(current) ?? []) {
          if (!via.has(next)) {
            via.set(next, current);
            queue.push(next);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('nothing but the CLI imports the CLI, and nothing imports the API', () => {
    const offenders: string[] = [];
    for (const dir of ['src/engine', 'src/input', 'src/policy', 'src/config', 'src/runner', 'src/store', 'src/analysis', 'src/api', 'src/cli']) {
      for (const file of sources(dir)) {
        for (const spec of imports(file)) {
          const top = target(file, spec).split('/')[0]!;
          const own = file.split('/')[1];
          if ((top === 'cli' && own !== 'cli') || (top === 'api' && own !== 'api' && !file.endsWith('commands/serve.ts'))) {
            offenders.push(`${file} imports ${spec}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the CLI holds no replay or store-writing logic that the API would need (it calls runner/ and analysis/)', () => {
    const domain = /\b(replayOrders|runIntoStore|withPolicies|applyVaryPath|parseVaryPath|StoreWriter|runRecord|runIdentity|encodeTable)\b/;
    const offenders = sources('src/cli').filter((file) => domain.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the browser modules import only each other; the rest of src reaches web/ only for the stream protocol', () => {
    const offenders: string[] = [];
    for (const file of sources('src/web')) {
      for (const spec of imports(file)) {
        // Packages only as types (erased when compiled): the libraries come as their browser builds.
        const ok = spec.startsWith('.') ? target(file, spec).startsWith('web/') : /import type [^;]*from\s+'cytoscape'/.test(readFileSync(file, 'utf8'));
        if (!ok) offenders.push(`${file} imports ${spec}`);
      }
    }
    for (const file of sources('src').filter((f) => !f.startsWith('src/web/'))) {
      for (const spec of imports(file)) {
        const t = target(file, spec);
        if (t.startsWith('web/') && t !== 'web/protocol.js') offenders.push(`${file} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('no `any` in src', () => {
    const offenders = sources('src').filter((file) =>
      /(:\s*any\b|\bas\s+any\b|<any>|any\[\])/.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')),
    );
    expect(offenders).toEqual([]);
  });

  it('the engine is deterministic: no Math.random, Date or timers', () => {
    const offenders = sources('src/engine').filter((file) =>
      /Math\.random|Date\.now|new Date|performance\.now|setTimeout/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
