// The Vega, Vega-Lite and vega-embed browser builds, read from node_modules so a report can carry
// them inline and open offline (stack.md "Charts offline"). Their package `exports` hide
// build/*.min.js, so each package's main file is resolved and its folder walked instead.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

export interface RuntimeScript {
  readonly name: string;
  readonly source: string;
}

/** In load order: vega-embed needs the globals `vega` and `vegaLite`. */
const BUILDS: ReadonlyArray<{ readonly pkg: string; readonly file: string }> = [
  { pkg: 'vega', file: 'vega.min.js' },
  { pkg: 'vega-lite', file: 'vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'vega-embed.min.js' },
];

let cached: RuntimeScript[] | null = null;

/** The package's root folder: the folder above its resolved main file that holds node_modules/<pkg>. */
export function packageRoot(pkg: string): string {
  const main = createRequire(import.meta.url).resolve(pkg);
  const marker = `${sep}node_modules${sep}${pkg}${sep}`;
  const at = main.lastIndexOf(marker);
  if (at >= 0) return main.slice(0, at + marker.length - 1);
  // Not under node_modules (linked checkout): the main file sits in build/.
  return dirname(dirname(main));
}

/** A package's browser build as text, without its source-map comment (a browser with devtools open would fetch a file that is not there). */
export function readBrowserBuild(pkg: string, file: string): string {
  return readFileSync(join(packageRoot(pkg), file), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}

export function vegaRuntime(): readonly RuntimeScript[] {
  if (cached === null) {
    cached = BUILDS.map(({ pkg, file }) => {
      return { name: `${pkg}/build/${file}`, source: readBrowserBuild(pkg, `build/${file}`) };
    });
  }
  return cached;
}

/**
 * Script text safe inside <script>: the HTML parser ends a script element at the first
 * `</script` whatever the JavaScript means, and `<!--` can switch it into an escaped state.
 * `<\/` and `<\!` mean the same in JavaScript strings and regular expressions, where these occur.
 */
export function escapeScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON for a `<script type="application/json">` block: `<` escaped, so no tag can close it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
