import edr from '@nomicfoundation/edr';

let context: Promise<edr.EdrContext> | undefined;

/** EDR allows one context per process; every embedded chain of the process creates its provider from this one. */
export function getEdrContext(): Promise<edr.EdrContext> {
  context ??= (async () => {
    const created = new edr.EdrContext();
    await created.registerProviderFactory(edr.GENERIC_CHAIN_TYPE, edr.genericChainProviderFactory());
    return created;
  })();
  return context;
}
