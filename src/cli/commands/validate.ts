// `paysim validate FILE…`: scenarios, experiments and policies, every problem with its path,
// without running anything.

import type { Command } from 'commander';
import { ValidationError, type ValidationIssue } from '../../input/issues.js';
import { readDocumentFile } from '../../input/read.js';
import { dirname } from 'node:path';
import { parseScenarioDocument } from '../../config/scenario.js';
import { preloadDocumentPayments, preloadPaymentFiles } from '../../config/payments/parquet.js';
import { looksLikePolicyDocument, validatePolicyFile } from '../../policy/index.js';
import { isRecord } from '../../input/json-path.js';
import { EXIT_BAD_INPUT } from '../errors.js';
import { formatIssues } from '../../input/issues.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario, experiment and policy files; prints every problem with its path (exit 2 if any)')
    .argument('<files...>', 'YAML or JSON files')
    .action(async (files: string[]) => {
      let bad = 0;
      for (const file of files) {
        const issues = await validateFile(file);
        if (issues.length === 0) {
          process.stdout.write(`${file}: ok\n`);
        } else {
          bad++;
          for (const line of formatIssues(issues)) process.stderr.write(`paysim: ${line}\n`);
        }
      }
      if (bad > 0) process.exitCode = EXIT_BAD_INPUT;
    });
}

/** Each file is read and parsed once (a scenario is also validated once, from that parse). */
async function validateFile(file: string): Promise<readonly ValidationIssue[]> {
  try {
    const doc = readDocumentFile(file);
    if (looksLikePolicyDocument(doc)) return validatePolicyFile(file);
    // Experiments and stress files pull in the runner, the optimiser and the statistics: imported
    // only for them, so validating a scenario loads what loading a scenario needs (issue 22).
    if (isRecord(doc) && 'stress' in doc /* isStressDocument, without importing its module */) {
      const { readStressFile } = await import('../../runner/stress/file.js');
      await preloadPaymentFiles([readStressFile(doc, file).scenarioFile]);
      await checkStressFile(doc, file);
      return [];
    }
    if (looksLikeExperiment(doc)) {
      const [{ withCheckedCompareDefaults }, { loadExperimentFile }, { planExperiment }, { OPTIMIZE }] = await Promise.all([
        import('../../analysis/compare-defaults.js'),
        import('../../runner/experiment.js'),
        import('../../runner/plan.js'),
        import('../../optimize/config.js'),
      ]);
      await preloadPaymentFiles([file]);
      // Planning applies every variation and variant to the scenario, so their errors show too.
      planExperiment(withCheckedCompareDefaults(loadExperimentFile(file)));
      // An optimize: section gets every check `paysim optimize` makes before its first run.
      if (isRecord(doc) && OPTIMIZE in doc) (await import('../../optimize/optimization.js')).prepareOptimization(file);
      return [];
    }
    await preloadDocumentPayments(doc, file);
    parseScenarioDocument(doc, { file, baseDir: dirname(file) });
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

/** What `paysim stress FILE` checks before its first run: the file, its scenario, its participants and failure. */
async function checkStressFile(doc: unknown, file: string): Promise<void> {
  const [{ readStressFile }, { StressPlanner }] = await Promise.all([import('../../runner/stress/file.js'), import('../../runner/stress/plan.js')]);
  const spec = readStressFile(doc, file);
  new StressPlanner({ ...spec, experiment: spec.experiment ?? 'validate', seeds: spec.seeds ?? ['1'] });
}

/** Experiments name a scenario file and seeds; scenarios hold agents. */
function looksLikeExperiment(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'scenario' in doc && !('agents' in doc);
}
