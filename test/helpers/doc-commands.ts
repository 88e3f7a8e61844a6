// Running the `paysim …` commands of fenced blocks in README.md and docs/*.md as written, with
// the files that ship, on a fresh store (issue 10): test/docs/*.test.ts. Commands run in this
// process (cli.ts), in document order, sharing one temporary folder: files they write (-o,
// --html, --db, `> FILE`, results/…) and the default store go there. Commands that need a server
// (`serve`), pipes and shell variables are skipped.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';
import { tempDir } from '../store/helpers.js';

export interface DocCommand {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** The output the page shows right after the command's block (a fenced block of its own), if any. */
  readonly shown: readonly string[];
}

const COMMAND_LINE = /^(?:npx )?paysim (.*)$/;

/** The `paysim` lines of fenced code blocks (`npx paysim` too), with `\` continuations joined. */
export function docCommands(file: string): DocCommand[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: DocCommand[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('```')) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) continue;
    const start = i;
    let text = lines[i]!.trim();
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
    const m = COMMAND_LINE.exec(text);
    if (m !== null) out.push({ file, line: start + 1, text: m[1]!, shown: shownOutput(lines, i) });
  }
  return out;
}

/**
 * The output a page shows for the command at line `at`: when the command closes its block and the
 * next fenced block follows with nothing but blank lines between, holds no command and is plain
 * or JSON text, its non-empty lines.
 */
function shownOutput(lines: readonly string[], at: number): string[] {
  if (!lines[at + 1]?.startsWith('```')) return [];
  let next = at + 2;
  while (next < lines.length && lines[next]!.trim() === '') next++;
  const fence = /^```(\w*)$/.exec(lines[next] ?? '');
  if (fence === null || !['', 'json', 'text'].includes(fence[1]!)) return [];
  const body: string[] = [];
  for (let i = next + 1; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
  return body.some((l) => COMMAND_LINE.test(l.trim())) ? [] : body.filter((l) => l.trim() !== '');
}

/** Shell words: quotes group, `#` outside quotes starts a comment, `> FILE` is a redirect. */
function words(text: string): { args: string[]; redirect: string | null; pipe: boolean } {
  const args: string[] = [];
  let redirect: string | null = null;
  let word: string | null = null;
  let quote: string | null = null;
  let pipe = false;
  let nextIsRedirect = false;
  const end = (): void => {
    if (word === null) return;
    if (nextIsRedirect) {
      redirect = word;
      nextIsRedirect = false;
    } else args.push(word);
    word = null;
  };
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else word = (word ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (ch === ' ') end();
    else if (ch === '#' && word === null) break;
    else if (ch === '>' && word === null) nextIsRedirect = true;
    else if (ch === '|' && word === null) pipe = true;
    else word = (word ?? '') + ch;
  }
  end();
  return { args, redirect, pipe };
}

const OUTPUT_FLAGS = new Set(['-o', '--output', '--html', '--db', '--scenario']);

/** Is `arg` a path the command writes, or one written by an earlier command (results/…, *.duckdb)? */
function isWritten(args: readonly string[], i: number): boolean {
  const arg = args[i]!;
  if (i > 0 && OUTPUT_FLAGS.has(args[i - 1]!)) return true;
  return arg.startsWith('results/') || arg.startsWith('out/') || arg.endsWith('.duckdb');
}

/** `dir/*.yaml`-style patterns, as a shell would expand them (one `*`, in the last part). */
function expand(pattern: string): string[] {
  const at = pattern.lastIndexOf('/');
  const folder = at < 0 ? '.' : pattern.slice(0, at);
  const [head, tail] = pattern.slice(at + 1).split('*') as [string, string];
  const names = readdirSync(folder).filter((n) => n.startsWith(head) && n.endsWith(tail)).sort();
  return names.map((n) => (at < 0 ? n : `${folder}/${n}`));
}

/** Paths the commands write (and read back) moved into `dir`; globs expanded; the rest as written. */
function relocate(args: readonly string[], dir: string): string[] {
  return args.flatMap((arg, i) => {
    const path = isWritten(args, i) ? join(dir, arg) : arg;
    // A shell expands `*` in file names (`scenarios/*.yaml`), not in quoted vary paths (`agents[*]`).
    return /^[\w./-]*\*[\w.-]*$/.test(path) ? expand(path) : [path];
  });
}

/** Declares one test per command of `files` (at least `fewestCommands` of them), run in order on one fresh folder and store. */
export function describeDocCommands(title: string, files: readonly string[], fewestCommands = 10): void {
  describe(title, () => {
    const dir = tempDir('paysim-docs-');
    const env = { PAYSIM_DB: join(dir, 'paysim.duckdb') };
    const commands = files.flatMap(docCommands);

    it('finds the commands', () => {
      expect(commands.length).toBeGreaterThanOrEqual(fewestCommands);
    });

    for (const c of commands) {
      const { args, redirect, pipe } = words(c.text);
      // A server, a pipe, or shell variables (a batch script's lines) are not for this test.
      const skip = args[0] === 'serve' || pipe || c.text.includes('$') || args.some((a) => /^<.*>$/.test(a));
      it.skipIf(skip)(`${c.file}:${c.line}: paysim ${c.text}`, async () => {
        const relocated = relocate(args, dir);
        const r = await cli(relocated, env);
        if (redirect !== null) writeFileSync(join(dir, redirect), r.stdout);
        // replay's exit 1 is a verdict (reject), not a failure of the command.
        const ok = args[0] === 'replay' ? [0, 1] : [0];
        expect(ok, `exit ${r.status}: ${r.stderr}`).toContain(r.status);
        checkPromises(args, relocated, redirect, r, c.shown);
      });
    }
  });
}

/**
 * What an example promises beyond its exit code, checked from the command line itself: the output
 * the page shows after it (every line of it); the files it writes (`-o`, `--output`, `--html`, a
 * redirect), not empty; `--json`, one JSON document; a sweep's runs all finished; a query or SQL
 * that returns rows; `compare`'s comparison; `run`'s summary; `validate`'s `ok`. Other commands
 * (export, merge, checkpoint, generate, schema, …) print messages whose words their own tests in
 * test/cli and test/store check; here they must print something, on stdout or stderr.
 */
function checkPromises(args: readonly string[], relocated: readonly string[], redirect: string | null, r: { stdout: string; stderr: string }, shown: readonly string[]): void {
  const [command] = args;
  const has = (flag: string): boolean => args.includes(flag);
  const printed = `${r.stdout}\n${r.stderr}`;
  for (const line of shown) expect(printed, 'the output the page shows').toContain(line.trim());
  relocated.forEach((arg, i) => {
    if (i > 0 && ['-o', '--output', '--html'].includes(relocated[i - 1]!)) expect(statSync(arg).size, `${arg} written`).toBeGreaterThan(0);
  });
  if (redirect !== null || has('--csv')) {
    expect(r.stdout.length, 'output').toBeGreaterThan(0);
    return;
  }
  if (has('--json') && !has('--events')) {
    const doc: unknown = JSON.parse(r.stdout);
    if (command === 'query' || command === 'sql') expect((doc as unknown[]).length, 'rows').toBeGreaterThan(0);
    return;
  }
  if (has('--dry-run') || has('--show-sql') || has('--list') || has('--help')) {
    expect(r.stdout.length).toBeGreaterThan(0);
    return;
  }
  switch (command) {
    case 'sweep':
      expect(r.stdout).toMatch(/\d+ runs planned, \d+ already stored, \d+ run \(\d+ ok, 0 failed\)/);
      break;
    case 'query':
    case 'sql':
      expect(r.stdout).not.toContain('(no rows)');
      expect(r.stdout.trim().split('\n').length, 'a header, a rule and rows').toBeGreaterThan(2);
      break;
    case 'compare':
      if (!has('--html')) expect(r.stdout).toMatch(/ vs /);
      break;
    case 'run':
      if (has('--events')) for (const line of r.stdout.trim().split('\n')) JSON.parse(line);
      else expect(r.stdout).toContain('Settlement rate:');
      break;
    case 'validate':
      expect(r.stdout).toMatch(/: ok$/m);
      break;
    default:
      expect(printed.trim().length, 'it prints something').toBeGreaterThan(0);
  }
}

/** Pages whose commands run in a test file of their own (test/docs/liquidity-page-commands.test.ts). */
const OWN_FILE_PAGES: readonly string[] = ['docs/liquidity.md', 'docs/stress.md'];

/** The pages of docs/ in reading order (pages that sweep before pages that query), then the rest. */
export function docPages(): string[] {
  const order = ['docs/experiments.md', 'docs/compare.md', 'docs/replay.md', 'docs/report.md', 'docs/store.md', 'docs/cluster.md'];
  const rest = readdirSync('docs')
    .map((f) => `docs/${f}`)
    .filter((f) => f.endsWith('.md') && !order.includes(f) && !OWN_FILE_PAGES.includes(f))
    .sort();
  return [...order, ...rest];
}
