import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestDatabaseUrl, dropTestDatabaseSchema } from '../../db/createTestDatabaseUrl.js';
import { fraudCsv, trainTestModel } from '../../risk/fixtures/createTestRiskEngine.js';
import { parseCsv } from '../../risk/model/parseCsv.js';

// `tandem risk train|score|eval` as a user runs them: pure file operations, no data folder or server involved.
const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-risk-'));
// On the suite's Postgres pass the commands get a schema of their own, never the shared database's public one.
const databaseUrl = await createTestDatabaseUrl(dir, 'cli');
const databaseEnv = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropTestDatabaseSchema(dir, 'cli');
});
const tandem = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['bin/tandem.mjs', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, TANDEM_LOG_LEVEL: 'error', ...databaseEnv },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

const published = parseCsv(readFileSync(fraudCsv, 'utf8'));
const flag = published.header.indexOf('FLAG');
const csvLine = (fields: string[]) =>
  fields.map((field) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',');
/** The first `rows` accounts of the public data, without the FLAG column, as a CSV file. */
function unlabeled(name: string, rows: number, edit?: (records: string[][]) => void): string {
  const records = published.records.slice(0, rows).map((record) => record.filter((_, i) => i !== flag));
  edit?.(records);
  const header = published.header.filter((_, i) => i !== flag);
  const path = join(dir, name);
  writeFileSync(path, `${[header, ...records].map(csvLine).join('\n')}\n`);
  return path;
}

const { path: modelPath, hash: modelHash } = trainTestModel(dir);

describe('tandem risk score', () => {
  test('writes every input column plus score, decision and reasons; the input has no FLAG', () => {
    const input = unlabeled('accounts.csv', 120);
    const output = join(dir, 'scored.csv');
    const run = tandem('risk', 'score', '--model', modelPath, '--input', input, '--output', output, '--json');
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.rows, 120);
    assert.equal(summary.modelHash, modelHash);
    const scored = parseCsv(readFileSync(output, 'utf8'));
    const inputTable = parseCsv(readFileSync(input, 'utf8'));
    // Column names as written, leading spaces and the duplicated column included.
    assert.deepEqual(scored.header, [...inputTable.header, 'score', 'decision', 'reasons']);
    assert.equal(scored.records.length, 120);
    for (const [i, record] of scored.records.entries()) {
      assert.deepEqual(record.slice(0, inputTable.header.length), inputTable.records[i]);
      const [score, decision, reasons] = record.slice(-3) as [string, string, string];
      assert.ok(Number(score) >= 0 && Number(score) <= 1, score);
      assert.equal(decision, Number(score) >= 0.9 ? 'block' : Number(score) >= 0.5 ? 'review' : 'allow');
      assert.match(reasons, /^[^=]+=[^(]+ \([+-]\d+\.\d{3}\)(; [^=]+=[^(]+ \([+-]\d+\.\d{3}\))*$/);
    }
    // The published rows are labeled: the scores agree with the labels on almost all of them.
    const labels = published.records.slice(0, 120).map((record) => record[flag]);
    const agree = scored.records.filter((record, i) => (Number(record.at(-3)) >= 0.5 ? '1' : '0') === labels[i]);
    assert.ok(agree.length >= 110, `${agree.length} of 120 agree with FLAG`);
  });

  test('a non-numeric value is refused naming its line and column, and no output file is left', () => {
    const column = published.header.findIndex((name) => name.trim() === 'Sent tnx');
    const input = unlabeled('bad.csv', 30, (records) => {
      records[6]![column - 1] = 'twelve';
    });
    const output = join(dir, 'bad-scored.csv');
    const run = tandem('risk', 'score', '--model', modelPath, '--input', input, '--output', output);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /line 8, column "Sent tnx": "twelve" is not a number/);
    assert.equal(existsSync(output), false);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.includes('bad-scored')),
      [],
    );
  });

  test('a row with a missing field and a missing column are refused; an existing output file is kept as it was', () => {
    const output = join(dir, 'kept.csv');
    writeFileSync(output, 'previous results\n');
    const short = join(dir, 'short.csv');
    const lines = readFileSync(unlabeled('full.csv', 10), 'utf8').split('\n');
    lines[4] = lines[4]!.split(',').slice(0, -2).join(',');
    writeFileSync(short, lines.join('\n'));
    const malformed = tandem('risk', 'score', '--model', modelPath, '--input', short, '--output', output);
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /line 5/);
    const noColumn = unlabeled('no-column.csv', 5);
    const text = readFileSync(noColumn, 'utf8').replace('Unique Sent To Addresses', 'Something else');
    writeFileSync(noColumn, text);
    const missing = tandem('risk', 'score', '--model', modelPath, '--input', noColumn, '--output', output);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /missing required column "Unique Sent To Addresses"/);
    assert.equal(readFileSync(output, 'utf8'), 'previous results\n');
  });
});

describe('tandem risk train and eval', () => {
  test('train writes a model whose hash it prints; eval reports F1, ROC-AUC, average precision and the confusion matrix', () => {
    const out = join(dir, 'small-model.json');
    const trained = tandem('risk', 'train', '--data', fraudCsv, '--out', out, '--seed', '3', '--trees', '30', '--json');
    assert.equal(trained.code, 0, trained.stderr);
    const summary = JSON.parse(trained.stdout);
    assert.equal(summary.trees, 30);
    assert.match(summary.sha256, /^[0-9a-f]{64}$/);
    const evaluated = tandem('risk', 'eval', '--model', out, '--data', fraudCsv, '--json');
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const metrics = JSON.parse(evaluated.stdout);
    assert.equal(metrics.model, summary.sha256);
    assert.equal(metrics.rows, 7975);
    assert.equal(metrics.threshold, 0.5);
    assert.ok(metrics.f1 > 0.9 && metrics.rocAuc > 0.98 && metrics.averagePrecision > 0.95);
    const c = metrics.confusion;
    assert.equal(c.truePositives + c.falsePositives + c.trueNegatives + c.falseNegatives, 7975);
    const unlabeledEval = tandem('risk', 'eval', '--model', out, '--data', unlabeled('nolabel.csv', 5));
    assert.equal(unlabeledEval.code, 1);
    assert.match(unlabeledEval.stderr, /FLAG/);
  });
});
