// kill -9 in the middle of a proposer-driven `paysim optimize`, then the same command: the
// stored proposals are replayed, not asked again, and no run is simulated twice.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli, spawnPaysim } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

const calls = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length : 0);

describe('kill -9 in the middle of a proposer search, then the same command again', () => {
  it('replays the stored proposals without asking the proposer, and runs nothing twice', async () => {
    const doc = parse(readFileSync('test/optimize/fixtures/credit.yaml', 'utf8')) as Record<string, unknown> & { optimize: Record<string, unknown> };
    doc['scenario'] = join(process.cwd(), 'scenarios/high_stress_gridlock.yaml');
    delete doc.optimize['method'];
    doc.optimize['budget'] = { evaluations: 30 };
    const dir = tempDir();
    const file = join(dir, 'experiment.yaml');
    writeFileSync(file, stringify(doc));
    const db = join(dir, 'k.duckdb');
    // Each invocation counts its proposer calls in its own file ($PROPOSER_LOG is not part of the command).
    const args = ['optimize', file, '--db', db, '--workers', '1', '--quiet', '--proposer', 'echo call >> "$PROPOSER_LOG"; node experiments/proposers/step-proposer.mjs && echo answer >> "$PROPOSER_LOG.answers"'];
    const saved = process.env['PROPOSER_LOG'];
    process.env['PROPOSER_LOG'] = join(dir, 'calls-1');
    const child = spawnPaysim(args);
    if (saved === undefined) delete process.env['PROPOSER_LOG'];
    else process.env['PROPOSER_LOG'] = saved;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Wait (no deadline: under load this only takes longer) until the third answer is given and
    // something more is committed (its proposal row first): the kill then most likely falls while
    // that proposal's trial runs — stored, not yet evaluated.
    const running = (): boolean => child.exitCode === null && child.signalCode === null;
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 10));
    const wal = (): number => (existsSync(`${db}.wal`) ? statSync(`${db}.wal`).size : 0);
    while (calls(join(dir, 'calls-1.answers')) < 3 && running()) await tick();
    const answered = wal();
    while (wal() <= answered && running()) await tick();
    child.kill('SIGKILL');
    const signal = await exited;
    const [before] = await queryFile(db, `SELECT (SELECT count(*) FROM runs WHERE status = 'ok') AS runs, (SELECT count(*) FROM optimization_proposals) AS proposals`);
    const storedRuns = Number(before!['runs']);
    const storedProposals = Number(before!['proposals']);

    const resumed = await cli([...args, '--json'], { PROPOSER_LOG: join(dir, 'calls-2') });
    expect(resumed.status, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { optimization_id: string; evaluations: number; runs_executed: number; trials: Array<{ note?: { proposal: number } }> };
    const [after] = await queryFile(db, `SELECT count(*) AS n, count(DISTINCT run_key) AS keys FROM runs`);
    // Every run the search and the confirmation need is stored once; the second command ran
    // exactly those the first had not committed.
    expect(after).toEqual({ n: report.evaluations + 6, keys: report.evaluations + 6 });
    expect(report.runs_executed).toBe(report.evaluations + 6 - storedRuns);
    // Every proposal is stored once, and the second command asked only for those not stored.
    const proposals = await queryFile(db, `SELECT proposal, trial FROM optimization_proposals WHERE optimization_id = '${report.optimization_id}' ORDER BY proposal`);
    const made = report.trials.filter((t) => t.note !== undefined).map((t) => t.note!.proposal);
    expect(proposals.map((p) => p['proposal'])).toEqual(made);
    expect(calls(join(dir, 'calls-2'))).toBe(proposals.length - storedProposals);
    if (signal === 'SIGKILL') expect(storedProposals).toBeGreaterThan(0);
    console.log(
      `killed (${signal}) with ${storedRuns} of ${report.evaluations + 6} runs and ${storedProposals} of ${proposals.length} proposals stored; ` +
        `the resumed command ran ${report.runs_executed} runs and asked the proposer ${calls(join(dir, 'calls-2'))} time(s)`,
    );
  });
});
