// Runs many paysim command lines in one process (tests spawn it under a memory cap): for each,
// the exit code, what it wrote and the CPU time it took (user + system, microseconds: a process's
// own work, whatever else the machine is doing), as one JSON document on stdout at the end. A
// crash, an unhandled rejection or running out of memory shows as the child's own failure.
import { readFileSync } from 'node:fs';
import { cli } from './cli.js';

const commands = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[][];
const outcomes: Array<{ args: string[]; exitCode: number; stdout: string; stderr: string; cpuMicros: number }> = [];
for (const args of commands) {
  const before = process.cpuUsage();
  const { status, stdout, stderr } = await cli(args);
  const used = process.cpuUsage(before);
  outcomes.push({ args, exitCode: status, stdout, stderr, cpuMicros: used.user + used.system });
}
process.stdout.write(JSON.stringify(outcomes));
