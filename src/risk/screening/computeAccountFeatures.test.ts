import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTransferHistory } from '../rules/createTransferHistory.js';
import { addr, hoursAgo, pastTransfer } from '../rules/fixtures/ruleContext.js';
import { computeAccountFeatures } from './computeAccountFeatures.js';

const [account, a, b, c] = [addr(1), addr(2), addr(3), addr(4)];
const ether = (amount: number) => ({ asset: 'ETH', decimals: 18, amount: BigInt(amount * 1e6) * 10n ** 12n });

test('the eth-fraud columns as the dataset defines them, from the transfers Tandem holds', () => {
  const history = createTransferHistory([
    pastTransfer(a, account, null, hoursAgo(30), ether(2)),
    pastTransfer(account, b, null, hoursAgo(20), ether(0.5)),
    pastTransfer(account, c, null, hoursAgo(10), ether(1)),
    pastTransfer(b, account, 10_000n, hoursAgo(5), { amount: 100_000_000n }), // 100 USDC
    pastTransfer(c, account, 5_000n, hoursAgo(4), { amount: 50_500_000n }),
    pastTransfer(account, a, 2_000n, hoursAgo(3), { amount: 20_000_000n, asset: 'EURC' }),
    pastTransfer(b, c, 1n, hoursAgo(2)), // not the account's
  ]);
  const { row, transfers } = computeAccountFeatures(account, history);
  assert.equal(transfers, 6);
  assert.equal(row['Sent tnx'], 2);
  assert.equal(row['Received Tnx'], 1);
  assert.equal(row['Avg min between sent tnx'], 600);
  assert.equal(row['Avg min between received tnx'], 0);
  assert.equal(row['Time Diff between first and last (Mins)'], 1200);
  assert.equal(row['Unique Sent To Addresses'], 2);
  assert.equal(row['total Ether sent'], 1.5);
  assert.equal(row['total ether balance'], 0.5);
  assert.equal(row['avg val sent'], 0.75);
  assert.equal(row['Total ERC20 tnxs'], 3);
  assert.equal(row['ERC20 total Ether received'], 150.5);
  assert.equal(row['ERC20 max val rec'], 100);
  assert.equal(row['ERC20 uniq rec addr'], 2);
  assert.equal(row['ERC20 uniq sent token name'], 1);
  assert.equal(row.ERC20_most_rec_token_type, 'USD Coin');
  assert.equal(row['ERC20 most sent token type'], 'EURC');
  // Tandem cannot know what an account did with contracts: those columns stay missing.
  assert.equal('Number of Created Contracts' in row, false);
  assert.equal('total ether sent contracts' in row, false);
});

test('a family of columns is missing when the history has none of its transfers', () => {
  const history = createTransferHistory([pastTransfer(a, account, 1n, hoursAgo(1), { amount: 1_000_000n })]);
  const { row } = computeAccountFeatures(account, history);
  assert.equal(row['Total ERC20 tnxs'], 1);
  assert.equal('Sent tnx' in row, false);
  assert.deepEqual(computeAccountFeatures(addr(99), history), { row: {}, transfers: 0 });
});
