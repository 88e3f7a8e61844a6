// A proposer is timed on its process, not on its pipes (issue 27): a child it leaves holding
// stdout neither turns a good answer into a timeout nor keeps a timed-out proposal waiting.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readAnswerText } from '../../src/optimize/proposer/answer-text.js';
import { runProcess } from '../../src/optimize/proposer/process.js';
import { checkAnswer, problemText } from '../../src/optimize/proposer/validate.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../store/helpers.js';

const dir = tempDir();
const escapedPids: number[] = [];
afterAll(() => {
  for (const pid of escapedPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already ended */
    }
  }
});

describe('a proposer process', () => {
  it('an answer given before exiting counts although a background child in its group holds stdout', async () => {
    // The sleep inherits stdout and outlives the shell; the timeout is far longer than the
    // answer takes, so a timeout here can only mean paysim waited for the sleep.
    const r = await runProcess(`echo '{"protocol": 1, "done": true}'; sleep 600 &`, '', { timeoutMs: 300_000 });
    expect(r.failure).toBeNull();
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ protocol: 1, done: true });
  });

  it('a timeout ends the proposal although a process that left the group holds stdout', async () => {
    const marker = join(dir, 'escaped-finished');
    const pidFile = join(dir, 'escaped-pid');
    // setsid: the child leaves the process group, so killing the group cannot reach it; it keeps
    // stdout open for 600 s and then leaves a marker.
    const command = `setsid sh -c 'echo $$ > ${pidFile}; sleep 600; touch ${marker}' & sleep 600`;
    const r = await runProcess(command, '', { timeoutMs: 1000 });
    if (existsSync(pidFile)) escapedPids.push(Number(readFileSync(pidFile, 'utf8')));
    expect(r.failure).toMatch(/^no answer within 1 s \(timeout/);
    // Resolved while the escaped child still ran: paysim did not wait for the pipe to close.
    expect(existsSync(marker)).toBe(false);
  });
});

describe("a proposer's answer is read with the file reader's rules", () => {
  it('refuses nesting past the document limit, naming it, instead of overflowing the stack', () => {
    const r = readAnswerText(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/nests more than 500 levels/);
  });

  it('refuses a duplicate key rather than keeping the last value', () => {
    const r = readAnswerText('{"protocol": 1, "parameters": {"credit": 1, "credit": 2}}');
    expect(r).toEqual({ ok: false, error: expect.stringContaining('at parameters.credit: duplicate key "credit"') });
  });

  it('keeps a number a double would misstate as its text, so the answer is refused at that parameter', () => {
    const r = readAnswerText('{"protocol": 1, "parameters": {"credit": 9007199254740993}}');
    expect(r).toEqual({ ok: true, value: { protocol: 1, parameters: { credit: '9007199254740993' } } });
    const space = [{ name: 'credit', type: 'integer' as const, low: 0, high: 2 ** 60, values: [], levels: null }];
    const answer = checkAnswer(r.ok ? r.value : null, { space, treeAgents: [], base: { credit: 1 } });
    expect(answer.kind === 'invalid' && problemText(answer.problems)).toBe('parameters.credit: expected a whole number, got "9007199254740993"');
  });

  it('paysim optimize stores a too-deep answer as a failed proposal, and the same command again replays it', async () => {
    const doc = parse(readFileSync('test/optimize/fixtures/credit.yaml', 'utf8')) as Record<string, unknown> & { optimize: Record<string, unknown> };
    doc['scenario'] = join(process.cwd(), 'scenarios/high_stress_gridlock.yaml');
    delete doc.optimize['method'];
    doc.optimize['seeds'] = [1];
    doc.optimize['budget'] = { evaluations: 3 };
    doc.optimize['proposer'] = { max_failures: 1 };
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, stringify(doc));
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, `{"protocol": 1, "parameters": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const args = ['optimize', file, '--db', join(dir, 'deep.duckdb'), '--workers', '1', '--json', '--proposer', `cat ${deep}`];
    for (const attempt of [1, 2]) {
      const r = await cli(args);
      expect(r.status, `attempt ${attempt}: ${r.stderr}`).toBe(1);
      const report = JSON.parse(r.stdout) as { stopped: string; trials: Array<{ status: string; reason?: string }> };
      expect(report.stopped).toBe('proposer');
      expect(report.trials.map((t) => t.status)).toEqual(['incumbent', 'failed']);
      expect(report.trials[1]!.reason).toMatch(/nests more than 500 levels/);
    }
  });
});
