import type { CompanyInput } from '../parseCompanyInput.js';

/** A valid German company, for tests: published example IBAN and a real BIC shape. */
export const acmeInput: CompanyInput = {
  id: 'acme',
  legalName: 'Acme Robotics GmbH',
  country: 'DE',
  lei: '5493001KJTIIGC8Y1R12',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
  taxProfileId: 'DE-example-2025',
  approvers: [
    { name: 'Ada Lovelace', email: 'ada@acme.example', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' },
    { name: 'Grace Hopper', email: 'grace@acme.example', address: '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359' },
    { name: 'Alan Turing', email: 'alan@acme.example', address: '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB' },
  ],
  approvalThreshold: 2,
};

export const employeeCsvHeader = 'employee_id,full_name,email,country,iban,bic,wallet,gross_monthly,currency,split';

/** Five valid employees with names in five scripts, quoted fields, CRLF line ends and a byte-order mark. */
export const validEmployeeCsv = [
  `\ufeff${employeeCsvHeader}`,
  'E001,Zoë Ångström,zoe@example.com,DE,DE89370400440532013000,COBADEFFXXX,,5000.00,EUR,EUR:100',
  'E002,李小龙,bruce@example.com,FR,FR1420041010050500013M02606,BNPAFRPPXXX,0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed,4200.50,EUR,"EUR:60,USDC:40"',
  'E003,Σωκράτης,sokrates@example.gr,GR,,,0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb,3900,EUR,"USDC:50,ETH:50"',
  'E004,محمد,mohammed@example.com,NL,NL91 ABNA 0417 1643 00,,0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB,6100.75,EUR,"EUR:33.33,USDC:33.33,EURC:33.34"',
  'E005,"O\'Brien, Seán ""Jack""",sean@example.ie,IE,IE29AIBK93115212345678,AIBKIE2D,,3000,EUR,EUR:100',
].join('\r\n');
