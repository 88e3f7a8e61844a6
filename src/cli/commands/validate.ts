// `paysim validate FILE…`: scenarios and policies (experiments once the runner defines them),
// every problem with its path, without running anything.

import type { Command } from 'commander';
import { ValidationError, type ValidationIssue } from '../../config/issues.js';
import { readDocumentFile } from '../../config/read.js';
import { loadScenarioFile } from '../../config/scenario.js';
import { looksLikePolicyDocument, validatePolicyFile } from '../../policy/index.js';
import { EXIT_BAD_INPUT } from '../errors.js';
import { formatIssue } from '../../config/issues.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario and policy files; prints every problem with its path (exit 2 if any)')
    .argument('<files...>', 'YAML or JSON files')
    .action((files: string[]) => {
      let bad = 0;
      for (const file of files) {
        const issues = validateFile(file);
        if (issues.length === 0) {
          process.stdout.write(`${file}: ok\n`);
        } else {
          bad++;
          for (const issue of issues) process.stderr.write(`paysim: ${formatIssue(issue)}\n`);
        }
      }
      if (bad > 0) process.exitCode = EXIT_BAD_INPUT;
    });
}

function validateFile(file: string): readonly ValidationIssue[] {
  try {
    const doc = readDocumentFile(file);
    if (looksLikePolicyDocument(doc)) return validatePolicyFile(file);
    loadScenarioFile(file);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}
