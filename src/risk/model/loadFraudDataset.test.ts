import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { ethFraudColumns } from './ethFraudColumns.js';
import { type FraudColumn, loadFraudDataset } from './loadFraudDataset.js';

const csvPath = new URL('../../../../shared/data/eth-fraud/eth_fraud_public.csv', import.meta.url).pathname;
const small = { requiredColumns: [] as string[] };

function column(columns: FraudColumn[], name: string): FraudColumn {
  const found = columns.find((c) => c.name === name);
  assert.ok(found, `column ${name}`);
  return found;
}

describe('loadFraudDataset', () => {
  it('reads the published eth-fraud file: trimmed names, no Index, the differing twin kept, empty cells missing', () => {
    const dataset = loadFraudDataset({ csvPath });
    assert.equal(dataset.rowCount, 7975);
    assert.equal(
      dataset.labels?.reduce((sum, label) => sum + label, 0),
      1887,
    );
    assert.deepEqual(
      dataset.columns.map((c) => c.name),
      ethFraudColumns.features,
    );
    assert.deepEqual(dataset.droppedColumns, [{ name: 'Index', reason: 'row id of the export, not a feature' }]);
    const tokenType = column(dataset.columns, 'ERC20 most sent token type');
    assert.equal(tokenType.kind, 'categorical');
    const erc20 = column(dataset.columns, 'Total ERC20 tnxs');
    assert.equal(erc20.kind, 'numeric');
    let missing = 0;
    for (const value of erc20.values) if (Number.isNaN(value)) missing++;
    assert.equal(missing, 740);
    // The first data row (line 2) as published.
    assert.equal(column(dataset.columns, 'Avg min between sent tnx').values[0], 844.26);
    assert.equal(tokenType.values[0], 'Cofoundit');
    assert.equal(dataset.lineNumbers[0], 2);
    assert.match(dataset.sha256, /^[0-9a-f]{64}$/);
  });

  it('drops a twin column equal to its original in every row, and names twins of a repeated header', () => {
    const csvText = 'FLAG,x,x,y,y.1\n0,1,1,2,3\n1,,,5,5\n';
    const dataset = loadFraudDataset({ csvText, ...small });
    assert.deepEqual(
      dataset.columns.map((c) => c.name),
      ['x', 'y', 'y.1'],
    );
    assert.deepEqual(dataset.droppedColumns, [{ name: 'x.1', reason: 'identical to "x" in every row' }]);
  });

  it('drops address columns but keeps counts of addresses', () => {
    const csvText =
      'FLAG,Address,Unique Received From Addresses,wallet\n' +
      '0,0x00000000000000000000000000000000000000aa,3,0x00000000000000000000000000000000000000bb\n';
    const dataset = loadFraudDataset({ csvText, ...small });
    assert.deepEqual(
      dataset.columns.map((c) => c.name),
      ['Unique Received From Addresses'],
    );
    assert.deepEqual(
      dataset.droppedColumns.map((c) => c.name),
      ['Address', 'wallet'],
    );
  });

  it('refuses a non-numeric value, naming the line and the column', () => {
    const csvText = 'FLAG, amount ,note\n0,1.5,a\n1,"1,5",b\n';
    assert.throws(
      () => loadFraudDataset({ csvText, sourceName: 'upload.csv', ...small }),
      (error: unknown) =>
        error instanceof ValidationError &&
        error.field === 'line 3, column amount' &&
        error.message.startsWith('upload.csv: line 3, column "amount": "1,5" is not a number'),
    );
  });

  it('refuses a label other than 0 or 1, naming the line', () => {
    assert.throws(
      () => loadFraudDataset({ csvText: 'FLAG,a\n0,1\n\n2,1\n', ...small }),
      (error: unknown) => error instanceof ValidationError && error.field === 'line 4, column FLAG',
    );
  });

  it('refuses a file without a required column, naming it', () => {
    const header = ethFraudColumns.features.filter((name) => name !== 'Sent tnx');
    const csvText = `FLAG,${header.map((name) => JSON.stringify(name)).join(',')}\n`;
    assert.throws(
      () => loadFraudDataset({ csvText }),
      (error: unknown) =>
        error instanceof ValidationError &&
        error.field === 'column Sent tnx' &&
        /missing required column "Sent tnx"/.test(error.message),
    );
    assert.throws(() => loadFraudDataset({ csvText: 'a,b\n1,2\n', ...small }), /missing required column "FLAG"/);
  });

  it('reads rows to score without FLAG, in the model order, whatever the file order', () => {
    const features = [
      { name: 'b', kind: 'numeric' as const },
      { name: 'token', kind: 'categorical' as const },
    ];
    const dataset = loadFraudDataset({ csvText: 'token,b,extra\n  Golem ,2,zz\n   ,,zz\n', features });
    assert.equal(dataset.labels, undefined);
    assert.deepEqual(
      dataset.columns.map((c) => c.name),
      ['b', 'token'],
    );
    assert.deepEqual(dataset.columns[1]?.values, ['Golem', null]);
    assert.ok(Number.isNaN(dataset.columns[0]?.values[1] as number));
    assert.throws(
      () => loadFraudDataset({ csvText: 'token\nx\n', features }),
      (error: unknown) => error instanceof ValidationError && error.field === 'column b',
    );
  });
});
