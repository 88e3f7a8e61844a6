// Test files in an order that keeps both cores busy: vitest's default puts files it has no timing
// for in order of size, which starts the small docs-command files — the longest of the suite — last,
// so they ran alone at the end. Starting them first lets the short files fill the other core.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONG_FIRST = ['/test/docs/', '/test/runner/revisions.test.ts', '/test/golden/'];

function rank(file: TestSpecification): number {
  const at = LONG_FIRST.findIndex((part) => file.moduleId.includes(part));
  return at < 0 ? LONG_FIRST.length : at;
}

export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: within a rank, vitest's own order stands.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
