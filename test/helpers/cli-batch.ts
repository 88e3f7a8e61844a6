// Runs many paysim command lines in one process (tests spawn it under a memory cap): for each,
// the exit code and what it wrote, as one JSON document on stdout at the end. A crash, an
// unhandled rejection or running out of memory shows as the child's own failure.
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

interface Outcome {
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const commands = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[][];
const writeOut = process.stdout.write.bind(process.stdout);
const writeErr = process.stderr.write.bind(process.stderr);
const outcomes: Outcome[] = [];
for (const args of commands) {
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = 0;
  try {
    await main(['node', 'paysim', ...args]);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  outcomes.push({ args, exitCode: Number(process.exitCode ?? 0), stdout, stderr });
}
process.exitCode = 0;
writeOut(JSON.stringify(outcomes));
