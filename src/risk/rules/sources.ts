/** The documents the rules implement, cited in each rule's result. */
export const ruleSources = {
  fatf2020:
    'FATF (2020), Virtual Assets Red Flag Indicators of Money Laundering and Terrorist Financing, September 2020',
  tfr: 'Regulation (EU) 2023/1113 on information accompanying transfers of funds and certain crypto-assets (Transfer of Funds Regulation)',
} as const;
