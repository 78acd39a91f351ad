import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Address, parseEventLogs, parseSignature, zeroAddress } from 'viem';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import type { DevAccount } from '../embedded/devAccounts.js';
import { expectRevert } from '../embedded/expectRevert.js';
import { tandemRewardTokenAbi as abi, tandemRewardTokenBytecode as bytecode } from './generated/TandemRewardToken.js';

let testChain: TestChain;
/** Stands in for the distributor: the token's minter. */
let minter: DevAccount;
let holder: DevAccount;
let stranger: DevAccount;

before(async () => {
  testChain = await createTestChain();
  [minter, holder, stranger] = [testChain.accounts[0]!, testChain.accounts[1]!, testChain.accounts[2]!];
});
after(() => testChain.close());

const tokens = (whole: bigint) => whole * 10n ** 18n;
const cap = tokens(1_000_000n);

const deployToken = (overrides: { cap?: bigint; minter?: Address } = {}) =>
  testChain.deploy({
    abi,
    bytecode,
    args: ['Tandem Network Reward', 'TNR', overrides.cap ?? cap, overrides.minter ?? minter.address],
  });

const read = <const name extends 'totalSupply' | 'cap' | 'MINTER' | 'decimals' | 'name' | 'symbol'>(
  token: Address,
  functionName: name,
) => testChain.publicClient.readContract({ address: token, abi, functionName });

const mintAs = (account: DevAccount, token: Address, to: Address, amount: bigint) =>
  testChain.walletFor(account).writeContract({ address: token, abi, functionName: 'mint', args: [to, amount] });

describe('constructor', () => {
  test('test_RevertWhen_MinterZeroAddress', async () => {
    await expectRevert(deployToken({ minter: zeroAddress }), abi, 'TandemRewardToken_MinterZeroAddress');
  });

  test('test_RevertWhen_CapZero', async () => {
    await expectRevert(deployToken({ cap: 0n }), abi, 'ERC20InvalidCap', [0n]);
  });

  test('test_WhenArgumentsValid: names the token, fixes the cap and the minter, and starts with no supply', async () => {
    const token = await deployToken();
    assert.equal(await read(token, 'name'), 'Tandem Network Reward');
    assert.equal(await read(token, 'symbol'), 'TNR');
    assert.equal(await read(token, 'decimals'), 18);
    assert.equal(await read(token, 'cap'), cap);
    assert.equal(await read(token, 'MINTER'), minter.address);
    assert.equal(await read(token, 'totalSupply'), 0n);
  });
});

describe('mint', () => {
  test('test_RevertWhen_CallerNotMinter: not even the deployer of the token may mint', async () => {
    const token = await deployToken({ minter: holder.address });
    await expectRevert(mintAs(minter, token, minter.address, 1n), abi, 'TandemRewardToken_CallerNotMinter', [
      minter.address,
    ]);
    await expectRevert(mintAs(stranger, token, stranger.address, 1n), abi, 'TandemRewardToken_CallerNotMinter', [
      stranger.address,
    ]);
  });

  test('test_RevertWhen_RecipientZeroAddress', async () => {
    const token = await deployToken();
    await expectRevert(mintAs(minter, token, zeroAddress, 1n), abi, 'ERC20InvalidReceiver', [zeroAddress]);
  });

  test('test_RevertWhen_CapExceeded: the supply never passes the cap, one unit over is refused', async () => {
    const token = await deployToken({ cap: 1_000n });
    await mintAs(minter, token, holder.address, 999n);
    await expectRevert(mintAs(minter, token, holder.address, 2n), abi, 'ERC20ExceededCap', [1_001n, 1_000n]);
    await mintAs(minter, token, holder.address, 1n);
    assert.equal(await read(token, 'totalSupply'), 1_000n);
  });

  test('test_WhenCallerMinter: credits the recipient and the supply, with a Transfer from zero', async () => {
    const token = await deployToken();
    const hash = await mintAs(minter, token, holder.address, tokens(42n));
    const receipt = await testChain.publicClient.waitForTransactionReceipt({ hash });
    assert.deepEqual(
      parseEventLogs({ abi, logs: receipt.logs, eventName: 'Transfer' }).map((event) => event.args),
      [{ from: zeroAddress, to: holder.address, value: tokens(42n) }],
    );
    const balance = await testChain.publicClient.readContract({
      address: token,
      abi,
      functionName: 'balanceOf',
      args: [holder.address],
    });
    assert.equal(balance, tokens(42n));
    assert.equal(await read(token, 'totalSupply'), tokens(42n));
  });
});

describe('permit', () => {
  test('test_WhenSignatureValid: a contributor can approve a spender without paying gas', async () => {
    const token = await deployToken();
    await mintAs(minter, token, holder.address, 100n);
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
    const signature = await holder.signTypedData({
      domain: { name: 'Tandem Network Reward', version: '1', chainId: testChain.chain.id, verifyingContract: token },
      types: {
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      primaryType: 'Permit',
      message: { owner: holder.address, spender: stranger.address, value: 60n, nonce: 0n, deadline },
    });
    const { v, r, s } = parseSignature(signature);
    await testChain.walletFor(stranger).writeContract({
      address: token,
      abi,
      functionName: 'permit',
      args: [holder.address, stranger.address, 60n, deadline, Number(v), r, s],
    });
    const allowance = await testChain.publicClient.readContract({
      address: token,
      abi,
      functionName: 'allowance',
      args: [holder.address, stranger.address],
    });
    assert.equal(allowance, 60n);
  });
});
