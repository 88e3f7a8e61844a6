// payments.format: the file's format is its name's (.parquet, .xml/.xml.gz, else CSV) unless
// stated; a stated format wins over the name.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paymentFormat } from '../../src/config/payments/load.js';
import { preloadPaymentFiles } from '../../src/config/payments/parquet.js';
import { loadScenarioFile } from '../../src/config/scenario.js';

describe('payments.format', () => {
  it('is inferred from the file name', () => {
    expect(paymentFormat({ file: 'a.parquet' })).toBe('parquet');
    expect(paymentFormat({ file: 'a.XML' })).toBe('iso20022');
    expect(paymentFormat({ file: 'a.xml.gz' })).toBe('iso20022');
    expect(paymentFormat({ file: 'a.csv.gz' })).toBe('csv');
    expect(paymentFormat({ file: 'day' })).toBe('csv');
    expect(paymentFormat({ file: 'a.parquet', format: 'csv' })).toBe('csv');
  });

  it('format: parquet reads a Parquet file whatever its name, as its CSV twin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-format-'));
    copyFileSync('scenarios/payments/four_banks.parquet', join(dir, 'orders.bin'));
    const text = readFileSync('scenarios/payment_file_demo.yaml', 'utf8').replace('file: payments/four_banks.csv', 'file: orders.bin\n  format: parquet');
    writeFileSync(join(dir, 's.yaml'), text);
    await preloadPaymentFiles([join(dir, 's.yaml')]);
    const renamed = loadScenarioFile(join(dir, 's.yaml')).config.scheduled_payments!;
    const csv = loadScenarioFile('scenarios/payment_file_demo.yaml').config.scheduled_payments!;
    expect(renamed.count).toBe(36);
    expect(renamed.sha256).toBe(csv.sha256);
  });
});
