import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Address, parseEventLogs, parseSignature, zeroAddress } from 'viem';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import { expectRevert } from '../embedded/expectRevert.js';
import { createSeededRandom } from './createSeededRandom.js';
import { testStablecoinAbi as abi, testStablecoinBytecode as bytecode } from './generated/TestStablecoin.js';

let testChain: TestChain;
let admin: Address;

before(async () => {
  testChain = await createTestChain();
  admin = testChain.accounts[0]!.address;
});
after(() => testChain.close());

const deployUsdc = (on: TestChain = testChain) =>
  on.deploy({ abi, bytecode, args: ['USD Coin (Tandem test)', 'USDC', on.accounts[0]!.address] });

const balanceOf = (token: Address, account: Address) =>
  testChain.publicClient.readContract({ address: token, abi, functionName: 'balanceOf', args: [account] });

const mint = (token: Address, to: Address, amount: bigint) =>
  testChain.walletClient.writeContract({ address: token, abi, functionName: 'mint', args: [to, amount] });

describe('constructor', () => {
  test('test_RevertWhen_AdminZeroAddress', async () => {
    await expectRevert(
      testChain.deploy({ abi, bytecode, args: ['USD Coin (Tandem test)', 'USDC', zeroAddress] }),
      abi,
      'TestStablecoin_AdminZeroAddress',
    );
  });

  test('test_WhenAdminGiven: names the token, has 6 decimals, and makes the admin a minter', async () => {
    const token = await deployUsdc();
    const read = testChain.publicClient.readContract;
    assert.equal(await read({ address: token, abi, functionName: 'name' }), 'USD Coin (Tandem test)');
    assert.equal(await read({ address: token, abi, functionName: 'symbol' }), 'USDC');
    assert.equal(await read({ address: token, abi, functionName: 'decimals' }), 6);
    assert.equal(await read({ address: token, abi, functionName: 'totalSupply' }), 0n);
    const minterRole = await read({ address: token, abi, functionName: 'MINTER_ROLE' });
    assert.equal(await read({ address: token, abi, functionName: 'hasRole', args: [minterRole, admin] }), true);
  });
});

describe('mint', () => {
  test('test_RevertWhen_CallerNotMinter', async () => {
    const token = await deployUsdc();
    const stranger = testChain.accounts[1]!;
    const minterRole = await testChain.publicClient.readContract({ address: token, abi, functionName: 'MINTER_ROLE' });
    await expectRevert(
      testChain
        .walletFor(stranger)
        .writeContract({ address: token, abi, functionName: 'mint', args: [stranger.address, 1n] }),
      abi,
      'AccessControlUnauthorizedAccount',
      [stranger.address, minterRole],
    );
  });

  test('test_RevertWhen_ChainNotDevChain', async () => {
    const otherChain = await createTestChain({ chainId: 1337 });
    try {
      const token = await deployUsdc(otherChain);
      await expectRevert(
        otherChain.walletClient.writeContract({ address: token, abi, functionName: 'mint', args: [admin, 1n] }),
        abi,
        'TestStablecoin_MintOnlyOnDevChain',
        [1337n],
      );
    } finally {
      await otherChain.close();
    }
  });

  test('test_RevertWhen_RecipientZeroAddress', async () => {
    const token = await deployUsdc();
    await expectRevert(mint(token, zeroAddress, 1n), abi, 'ERC20InvalidReceiver', [zeroAddress]);
  });

  test('test_WhenCallerMinterOnDevChain: credits the recipient and the supply, and emits Transfer from zero', async () => {
    const token = await deployUsdc();
    const employee = testChain.accounts[2]!.address;
    const hash = await mint(token, employee, 1_234_560000n);
    const receipt = await testChain.publicClient.waitForTransactionReceipt({ hash });
    assert.deepEqual(
      parseEventLogs({ abi, logs: receipt.logs, eventName: 'Transfer' }).map((event) => event.args),
      [{ from: zeroAddress, to: employee, value: 1_234_560000n }],
    );
    assert.equal(await balanceOf(token, employee), 1_234_560000n);
    assert.equal(
      await testChain.publicClient.readContract({ address: token, abi, functionName: 'totalSupply' }),
      1_234_560000n,
    );
  });
});

describe('transfer and transferFrom', () => {
  test('test_RevertWhen_BalanceInsufficient', async () => {
    const token = await deployUsdc();
    await mint(token, admin, 10n);
    const to = testChain.accounts[1]!.address;
    await expectRevert(
      testChain.walletClient.writeContract({ address: token, abi, functionName: 'transfer', args: [to, 11n] }),
      abi,
      'ERC20InsufficientBalance',
      [admin, 10n, 11n],
    );
  });

  test('test_RevertWhen_AllowanceInsufficient', async () => {
    const token = await deployUsdc();
    await mint(token, admin, 10n);
    const spender = testChain.accounts[1]!;
    await testChain.walletClient.writeContract({
      address: token,
      abi,
      functionName: 'approve',
      args: [spender.address, 5n],
    });
    await expectRevert(
      testChain
        .walletFor(spender)
        .writeContract({ address: token, abi, functionName: 'transferFrom', args: [admin, spender.address, 6n] }),
      abi,
      'ERC20InsufficientAllowance',
      [spender.address, 5n, 6n],
    );
  });
});

describe('permit', () => {
  const signPermit = async (token: Address, spender: Address, value: bigint, deadline: bigint, signerIndex = 0) => {
    const owner = testChain.accounts[0]!;
    const signer = testChain.accounts[signerIndex]!;
    const nonce = await testChain.publicClient.readContract({
      address: token,
      abi,
      functionName: 'nonces',
      args: [owner.address],
    });
    const signature = await signer.signTypedData({
      domain: { name: 'USD Coin (Tandem test)', version: '1', chainId: testChain.chain.id, verifyingContract: token },
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
      message: { owner: owner.address, spender, value, nonce, deadline },
    });
    const { v, r, s } = parseSignature(signature);
    return [owner.address, spender, value, deadline, Number(v), r, s] as const;
  };
  const nextYear = () => BigInt(Math.floor(Date.now() / 1000) + 3600 * 24 * 365);

  test('test_WhenSignatureValid: sets the allowance without a transaction from the owner', async () => {
    const token = await deployUsdc();
    const spender = testChain.accounts[1]!;
    const args = await signPermit(token, spender.address, 500n, nextYear());
    await testChain.walletFor(spender).writeContract({ address: token, abi, functionName: 'permit', args });
    assert.equal(
      await testChain.publicClient.readContract({
        address: token,
        abi,
        functionName: 'allowance',
        args: [admin, spender.address],
      }),
      500n,
    );
  });

  test('test_RevertWhen_PermitExpired', async () => {
    const token = await deployUsdc();
    const args = await signPermit(token, testChain.accounts[1]!.address, 500n, 1n);
    await expectRevert(
      testChain.walletClient.writeContract({ address: token, abi, functionName: 'permit', args }),
      abi,
      'ERC2612ExpiredSignature',
      [1n],
    );
  });

  test('test_RevertWhen_PermitSignerNotOwner', async () => {
    const token = await deployUsdc();
    const args = await signPermit(token, testChain.accounts[1]!.address, 500n, nextYear(), 3);
    await expectRevert(
      testChain.walletClient.writeContract({ address: token, abi, functionName: 'permit', args }),
      abi,
      'ERC2612InvalidSigner',
      [testChain.accounts[3]!.address, admin],
    );
  });
});

describe('fuzz', () => {
  test('testFuzz_Transfers: balances follow a model ledger, the supply is their sum, refused moves change nothing', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20_251_119);
    const random = createSeededRandom(seed);
    const token = await deployUsdc();
    const holders = testChain.accounts.slice(0, 4);
    const balances = new Map(holders.map((holder) => [holder.address, 0n]));
    const allowances = new Map<string, bigint>();
    let supply = 0n;
    const amountUpTo = (limit: bigint) =>
      random.pick([
        () => 0n,
        () => limit,
        () => limit + 1n,
        () => random.bigint(limit + 1n),
        () => random.bigint(10n ** 30n),
      ])();

    for (let step = 0; step < 80; step++) {
      const from = random.pick(holders);
      const to = random.pick(holders);
      const kind = random.pick(['mint', 'transfer', 'approve', 'transferFrom'] as const);
      const context = `seed ${seed}, step ${step}: ${kind}`;
      if (kind === 'mint') {
        const amount = random.bigint(10n ** 15n);
        await mint(token, to.address, amount);
        balances.set(to.address, balances.get(to.address)! + amount);
        supply += amount;
      } else if (kind === 'transfer') {
        const amount = amountUpTo(balances.get(from.address)!);
        const write = testChain
          .walletFor(from)
          .writeContract({ address: token, abi, functionName: 'transfer', args: [to.address, amount] });
        if (amount > balances.get(from.address)!)
          await expectRevert(write, abi, 'ERC20InsufficientBalance', [
            from.address,
            balances.get(from.address),
            amount,
          ]);
        else {
          await write;
          balances.set(from.address, balances.get(from.address)! - amount);
          balances.set(to.address, balances.get(to.address)! + amount);
        }
      } else if (kind === 'approve') {
        const amount = amountUpTo(balances.get(from.address)!);
        await testChain
          .walletFor(from)
          .writeContract({ address: token, abi, functionName: 'approve', args: [to.address, amount] });
        allowances.set(`${from.address}>${to.address}`, amount);
      } else {
        const owner = random.pick(holders);
        const allowance = allowances.get(`${owner.address}>${from.address}`) ?? 0n;
        const amount = amountUpTo(allowance);
        const write = testChain.walletFor(from).writeContract({
          address: token,
          abi,
          functionName: 'transferFrom',
          args: [owner.address, to.address, amount],
        });
        if (amount > allowance)
          await expectRevert(write, abi, 'ERC20InsufficientAllowance', [from.address, allowance, amount]);
        else if (amount > balances.get(owner.address)!)
          await expectRevert(write, abi, 'ERC20InsufficientBalance', [
            owner.address,
            balances.get(owner.address),
            amount,
          ]);
        else {
          await write;
          allowances.set(`${owner.address}>${from.address}`, allowance - amount);
          balances.set(owner.address, balances.get(owner.address)! - amount);
          balances.set(to.address, balances.get(to.address)! + amount);
        }
      }
      assert.ok(supply >= 0n, context);
    }
    for (const holder of holders)
      assert.equal(
        await balanceOf(token, holder.address),
        balances.get(holder.address),
        `seed ${seed}: ${holder.address}`,
      );
    const totalSupply = await testChain.publicClient.readContract({ address: token, abi, functionName: 'totalSupply' });
    assert.equal(totalSupply, supply, `seed ${seed}`);
    assert.equal(
      [...balances.values()].reduce((sum, balance) => sum + balance, 0n),
      totalSupply,
      `seed ${seed}`,
    );
  });
});
