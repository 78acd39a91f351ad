/** An EIP-1193 provider as browser wallets inject it (MetaMask, Rabby, Frame …). */
export type Eip1193Provider = { request(arguments_: { method: string; params?: unknown[] }): Promise<unknown> };

export type TypedData = {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
};

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
}

/** The browser wallet, if one is injected. */
export function browserWallet(): Eip1193Provider | undefined {
  return typeof window !== 'undefined' ? window.ethereum : undefined;
}

/** Asks the wallet for its accounts (the wallet shows its own prompt). */
export async function requestAccounts(wallet: Eip1193Provider): Promise<string[]> {
  return (await wallet.request({ method: 'eth_requestAccounts' })) as string[];
}

const domainFieldTypes: Record<string, string> = {
  name: 'string',
  version: 'string',
  chainId: 'uint256',
  verifyingContract: 'address',
  salt: 'bytes32',
};

/**
 * Has the wallet sign EIP-712 typed data (eth_signTypedData_v4): the wallet shows the approver what they sign —
 * the pay run or batch, its totals and the vault — and answers the signature the API verifies.
 */
export async function signTypedData(wallet: Eip1193Provider, account: string, typedData: TypedData): Promise<string> {
  // v4 wants the domain's own type listed; the API's typed data (viem's shape) leaves it implicit.
  const types = typedData.types.EIP712Domain
    ? typedData.types
    : {
        EIP712Domain: Object.keys(domainFieldTypes)
          .filter((field) => typedData.domain[field] !== undefined && typedData.domain[field] !== null)
          .map((field) => ({ name: field, type: domainFieldTypes[field]! })),
        ...typedData.types,
      };
  const payload = JSON.stringify({ ...typedData, types }, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  return (await wallet.request({ method: 'eth_signTypedData_v4', params: [account, payload] })) as string;
}
