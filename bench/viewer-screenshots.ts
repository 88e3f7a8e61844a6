// Two screenshots of the live viewer for people to look at (results/ is not committed): the
// gridlock scenario after tick 21, with a ring of large payments A → B → C → A stuck in the
// central queue while the LSM is paused for ticks 20 and 21 (both injected from the page's shock
// form before tick 20), and after tick 22, when the LSM, back on, settled the ring as a cycle.
//
// Run: `node --import tsx bench/viewer-screenshots.ts` → results/viewer-gridlock.png, results/viewer-cleared.png

import { mkdirSync } from 'node:fs';
import { pauseLsm, injectPayment, openViewer, startScenario, stepTo } from '../test/helpers/viewer-page.js';

const OUT = 'results';

const viewer = await openViewer();
try {
  const { page } = viewer;
  mkdirSync(OUT, { recursive: true });
  await startScenario(page, 'high_stress_gridlock.yaml');
  for (let tick = 1; tick <= 20; tick++) await stepTo(page, tick);
  await pauseLsm(page, 2);
  for (const [from, to] of [['BANK_A', 'BANK_B'], ['BANK_B', 'BANK_C'], ['BANK_C', 'BANK_A']] as const) await injectPayment(page, from, to, 50_000);
  await stepTo(page, 21);
  await stepTo(page, 22);
  const describe = async (): Promise<string> => {
    const q2 = await page.$$eval('table.banks td[data-field=q2_value]', (cells) => cells.reduce((sum, c) => sum + Number(c.getAttribute('data-value')), 0));
    const [tick, edges, highlighted] = await page.$eval('#view-run', (root) => {
      const net = root.querySelector('[data-role=network]');
      return [root.getAttribute('data-tick'), net?.getAttribute('data-edges'), net?.getAttribute('data-highlighted')];
    });
    return `tick ${tick}: Q2 holds ${(q2 / 100).toFixed(2)} units; ${edges} edges; highlighted ${highlighted}`;
  };
  console.log(await describe());
  await page.screenshot({ path: `${OUT}/viewer-gridlock.png`, fullPage: true });
  await stepTo(page, 23);
  console.log(await describe());
  await page.screenshot({ path: `${OUT}/viewer-cleared.png`, fullPage: true });
  console.log(`written: ${OUT}/viewer-gridlock.png, ${OUT}/viewer-cleared.png`);
  if (viewer.errors.length > 0 || viewer.outside.length > 0) console.log('page errors or outside requests:', viewer.errors, viewer.outside);
} finally {
  await viewer.close();
}
