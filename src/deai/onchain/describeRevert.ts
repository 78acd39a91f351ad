import {
  type Abi,
  type Address,
  type Chain,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  type PublicClient,
  type Transport,
  BaseError as ViemError,
} from 'viem';

/**
 * Why a call to `to` reverts, as `ErrorName(arg, …)` decoded with `abi`, or undefined when it does not revert (or
 * the reason cannot be read). Used to say what a failed transaction ran into, e.g. after gas estimation refused it.
 * @example await describeRevert({ publicClient, from, to: distributor, data, abi: rewardDistributorAbi })
 */
export async function describeRevert(parameters: {
  publicClient: PublicClient<Transport, Chain>;
  from: Address;
  to: Address;
  data: Hex;
  abi: Abi;
}): Promise<string | undefined> {
  const { publicClient, from, to, data, abi } = parameters;
  try {
    await publicClient.call({ account: from, to, data });
    return undefined;
  } catch (error) {
    const data = revertData(error);
    if (!data) return undefined;
    try {
      const decoded = decodeErrorResult({ abi, data });
      const args = (decoded.args ?? []).map((arg) => String(arg)).join(', ');
      return `${decoded.errorName}(${args})`;
    } catch {
      return undefined;
    }
  }
}

function revertData(error: unknown): Hex | undefined {
  if (error instanceof ViemError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.raw) return reverted.raw;
  }
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) return data as Hex;
  }
  return undefined;
}
