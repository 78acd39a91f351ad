import { createHash } from 'node:crypto';
import { type Hex, keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { EmployeeInput } from '../../createEmployees.js';

export type DemoEmployee = EmployeeInput & {
  /** The wallet's private key: demo and test employees can prove they own their wallet (signed message). */
  walletKey: Hex | null;
};

export type CreateDemoEmployeesOptions = {
  /** Different seeds give different people; the same seed the same ones. */
  seed?: string | undefined;
  /** Employee ids start with this (default `E`). */
  prefix?: string | undefined;
  /** Splits to cycle through (default: bank only, bank + USDC, bank + EURC, all crypto, three-way). */
  splits?: readonly string[] | undefined;
  /** Monthly gross range in cents (default 2,800.00 to 8,800.00 EUR). */
  grossMinor?: readonly [bigint, bigint] | undefined;
};

const givenNames = [
  'Zoë',
  'Jürgen',
  'Ana',
  'Σωκράτης',
  'Дмитрий',
  '李',
  '陽菜',
  '민준',
  'محمد',
  'Seán',
  'Aurélie',
  'Łukasz',
  'Øyvind',
  'Chiara',
  'İbrahim',
  'Νίκη',
  'Ольга',
  '王',
  'Söhnke',
  'Mãe',
  'Émile',
  'Ngozi',
  'Priya',
  'Hiroshi',
];
const familyNames = [
  'Ångström',
  'Müller',
  'García',
  'Παπαδόπουλος',
  'Иванов',
  '小龙',
  '佐藤',
  '김',
  'الفارسي',
  "O'Brien",
  'Dubois-Lefèvre',
  'Wiśniewski',
  'Hansen',
  'Rossi',
  'Yılmaz',
  'Κωνσταντίνου',
  'Смирнова',
  '芳',
  'Petersen',
  'Conceição',
  'Zola',
  'Okafor',
  'Raman',
  'Tanaka',
];
const countries = ['DE', 'FR', 'NL', 'ES', 'IT', 'AT', 'BE', 'IE', 'PT', 'FI'];
export const demoSplits = [
  'EUR:100',
  'EUR:60,USDC:40',
  'EUR:70,EURC:30',
  'USDC:100',
  'EUR:50,USDC:30,EURC:20',
  'EUR:33.3333,USDC:33.3333,EURC:33.3334',
  'EUR:80,USDC:20',
] as const;

/**
 * Generated employees for the demo, tests and benchmarks: names in Latin, Greek, Cyrillic, Chinese, Japanese, Korean and
 * Arabic scripts, valid German IBANs (ISO 13616 check digits), EIP-55 wallets whose keys are known, varied salaries
 * and splits. Deterministic for a seed.
 * @example const employees = createDemoEmployees(10, { seed: 'acme' })
 */
export function createDemoEmployees(count: number, options: CreateDemoEmployeesOptions = {}): DemoEmployee[] {
  const seed = options.seed ?? 'tandem-demo';
  const prefix = options.prefix ?? 'E';
  const splits = options.splits ?? demoSplits;
  const [low, high] = options.grossMinor ?? [280_000n, 880_000n];
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, index) => {
    const random = (label: string) =>
      BigInt(`0x${createHash('sha256').update(`${seed}:${index}:${label}`).digest('hex').slice(0, 12)}`);
    const split = splits[index % splits.length]!;
    const crypto = split.split(',').some((share) => !share.startsWith('EUR:'));
    const bank = split.split(',').some((share) => share.startsWith('EUR:'));
    const walletKey = crypto ? keccak256(toHex(`${seed}:wallet:${index}`)) : null;
    const given = givenNames[Number(random('given') % BigInt(givenNames.length))]!;
    const family = familyNames[Number(random('family') % BigInt(familyNames.length))]!;
    const gross = low + (random('gross') % ((high - low) / 100n + 1n)) * 100n;
    const employeeId = `${prefix}${String(index + 1).padStart(width, '0')}`;
    return {
      employeeId,
      fullName: `${given} ${family}`,
      email: `${employeeId.toLowerCase()}@example.com`,
      country: countries[index % countries.length]!,
      iban: bank ? germanIban(`37040044${String(random('account') % 10_000_000_000n).padStart(10, '0')}`) : null,
      bic: bank ? 'COBADEFFXXX' : null,
      wallet: walletKey ? privateKeyToAccount(walletKey).address : null,
      walletKey,
      grossMonthly: `${gross / 100n}.${String(gross % 100n).padStart(2, '0')}`,
      currency: 'EUR',
      split,
    };
  });
}

/** A German IBAN for an 18-digit BBAN (bank code + account), with its ISO 13616 mod-97 check digits. */
export function germanIban(bban: string): string {
  const digits = `${bban}131400`; // BBAN + "DE" as digits (D=13, E=14) + "00"
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return `DE${String(98 - remainder).padStart(2, '0')}${bban}`;
}
