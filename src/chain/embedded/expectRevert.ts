import assert from 'node:assert/strict';
import { type Abi, ContractFunctionRevertedError, decodeErrorResult } from 'viem';

/**
 * Asserts that `action` is refused by a contract with the custom error `errorName` (and `args`, when given). Works for
 * calls, transactions and deployments alike: it finds the revert data anywhere in the error's cause chain.
 * @example await expectRevert(feed.write.updateAnswer([0n]), priceFeedAbi, 'PriceFeed_AnswerOutOfRange', [0n])
 */
export async function expectRevert(
  action: Promise<unknown>,
  abi: Abi,
  errorName: string,
  args?: readonly unknown[],
): Promise<void> {
  let failure: unknown;
  try {
    await action;
  } catch (error) {
    failure = error;
  }
  assert.ok(failure, `expected a revert with ${errorName}, but the call succeeded`);
  const decoded = decodeRevert(failure, abi);
  assert.ok(decoded, `expected a revert with ${errorName}, got: ${(failure as Error).message}`);
  assert.equal(decoded.errorName, errorName);
  if (args) assert.deepEqual(decoded.args, args);
}

function decodeRevert(error: unknown, abi: Abi): { errorName: string; args: readonly unknown[] } | undefined {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    if (current instanceof ContractFunctionRevertedError && current.data)
      return { errorName: current.data.errorName, args: current.data.args ?? [] };
    const data = (current as { data?: unknown }).data;
    if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) {
      const result = decodeErrorResult({ abi, data: data as `0x${string}` });
      return { errorName: result.errorName, args: result.args ?? [] };
    }
  }
  return undefined;
}
