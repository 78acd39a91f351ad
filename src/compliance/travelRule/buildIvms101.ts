import { ValidationError } from '../../errors/BaseError.js';
import { toSepaText } from '../../payroll/sepa/toSepaText.js';
import {
  type Ivms101Address,
  type Ivms101Payload,
  type Ivms101Person,
  ivms101Schema,
  type transliterationMethodCodes,
} from './ivms101Schema.js';

/** A postal address as Tandem keeps it; becomes an IVMS101 geographic address. */
export type Ivms101AddressInput = {
  streetName?: string | undefined;
  buildingNumber?: string | undefined;
  postcode?: string | undefined;
  townName: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Free lines, when the address is not split into street and number (at most 3). */
  addressLines?: readonly string[] | undefined;
};

/** A company or VASP: a legal person. */
export type Ivms101LegalPersonInput = {
  legalName: string;
  tradingName?: string | undefined;
  /** Country of registration, ISO 3166-1 alpha-2. */
  country: string;
  address?: Ivms101AddressInput | undefined;
  /** ISO 17442 Legal Entity Identifier; the preferred identification. */
  lei?: string | undefined;
  /** Without an LEI: the company register number and the register's GLEIF code (RA and 6 digits). */
  registration?: { identifier: string; registrationAuthority: string } | undefined;
};

/** The paying company: its legal person data and the wallet (vault) the payout leaves from. */
export type Ivms101Originator = Ivms101LegalPersonInput & {
  walletAddress: string;
  customerNumber?: string | undefined;
};

/** The employee who receives the payout. */
export type Ivms101Beneficiary = {
  /** The employee id, as the customer identification. */
  id: string;
  /** As given, in any script. */
  fullName: string;
  /** When known, the name split as IVMS101 prefers: family name as primary, given names as secondary. */
  familyName?: string | undefined;
  givenNames?: string | undefined;
  countryOfResidence?: string | undefined;
  address?: Ivms101AddressInput | undefined;
  walletAddress: string;
};

export type BuildIvms101Parameters = {
  originator: Ivms101Originator;
  beneficiary: Ivms101Beneficiary;
  /** The VASP sending for the company (its custodian, or the operator of the platform), when there is one. */
  originatingVasp?: Ivms101LegalPersonInput | undefined;
  /** The VASP holding the employee's wallet, when it is not self-hosted. */
  beneficiaryVasp?: Ivms101LegalPersonInput | undefined;
};

type TransliterationMethod = (typeof transliterationMethodCodes)[number];

// Scripts whose names IVMS101 carries twice: transliterated to Latin in `nameIdentifier` (ELOT 743 for Greek,
// ICAO 9303 for Cyrillic, the rules of toSepaText) and as written in `localNameIdentifier`, with the method
// named in payloadMetadata. Names in scripts without a rule here (Chinese, Arabic …) are kept as written.
const transliteratedScripts: { pattern: RegExp; method: TransliterationMethod }[] = [
  { pattern: /[\u0370-\u03ff\u1f00-\u1fff]/u, method: 'grek' },
  { pattern: /[\u0400-\u04ff]/u, method: 'cyrs' },
];

/**
 * Builds the IVMS101 travel-rule record of a crypto salary payout: the company as originator (legal person,
 * LEI or register number, business address, the vault as account), the employee as beneficiary (natural
 * person with a legal name, wallet as account) and the VASPs when given. The result is checked against
 * `ivms101Schema`; bad input throws a ValidationError naming the field.
 * @example const record = buildIvms101({ originator: { legalName, country: 'DE', lei, walletAddress: vault }, beneficiary: { id, fullName, walletAddress } })
 */
export function buildIvms101(parameters: BuildIvms101Parameters): Ivms101Payload {
  const { originator, beneficiary } = parameters;
  const methods = new Set<TransliterationMethod>();
  const payload = {
    originator: {
      originatorPersons: [legalPerson(originator, originator.customerNumber)],
      accountNumber: [originator.walletAddress],
    },
    beneficiary: {
      beneficiaryPersons: [naturalPerson(beneficiary, methods)],
      accountNumber: [beneficiary.walletAddress],
    },
    ...(parameters.originatingVasp
      ? { originatingVASP: { originatingVASP: legalPerson(parameters.originatingVasp) } }
      : {}),
    ...(parameters.beneficiaryVasp
      ? { beneficiaryVASP: { beneficiaryVASP: legalPerson(parameters.beneficiaryVasp) } }
      : {}),
    ...(methods.size > 0 ? { payloadMetadata: { transliterationMethod: [...methods].sort() } } : {}),
  };
  const result = ivms101Schema.safeParse(payload);
  if (!result.success) {
    const issues = result.error.issues;
    const field = issues[0]!.path.join('.');
    throw new ValidationError(`The travel-rule record is not valid IVMS101: ${field}: ${issues[0]!.message}.`, {
      field,
      details: issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    });
  }
  return result.data;
}

function legalPerson(input: Ivms101LegalPersonInput, customerNumber?: string): Ivms101Person {
  return {
    legalPerson: {
      name: {
        nameIdentifier: [
          { legalPersonName: input.legalName, legalPersonNameIdentifierType: 'LEGL' },
          ...(input.tradingName
            ? [{ legalPersonName: input.tradingName, legalPersonNameIdentifierType: 'TRAD' as const }]
            : []),
        ],
      },
      ...(input.address ? { geographicAddress: [address(input.address, 'BIZZ')] } : {}),
      ...(customerNumber ? { customerNumber } : {}),
      ...(input.lei
        ? { nationalIdentification: { nationalIdentifier: input.lei, nationalIdentifierType: 'LEIX' as const } }
        : input.registration
          ? {
              nationalIdentification: {
                nationalIdentifier: input.registration.identifier,
                nationalIdentifierType: 'RAID' as const,
                registrationAuthority: input.registration.registrationAuthority,
              },
            }
          : {}),
      countryOfRegistration: input.country,
    },
  };
}

function naturalPerson(input: Ivms101Beneficiary, methods: Set<TransliterationMethod>): Ivms101Person {
  const written =
    input.familyName !== undefined
      ? {
          primaryIdentifier: input.familyName,
          ...(input.givenNames ? { secondaryIdentifier: input.givenNames } : {}),
        }
      : { primaryIdentifier: input.fullName };
  const script = transliteratedScripts.find(({ pattern }) => pattern.test(input.fullName));
  const latin = script && {
    primaryIdentifier: toSepaText(written.primaryIdentifier, 100),
    ...(written.secondaryIdentifier ? { secondaryIdentifier: toSepaText(written.secondaryIdentifier, 100) } : {}),
  };
  const transliterated =
    script && latin && !`${latin.primaryIdentifier} ${latin.secondaryIdentifier ?? ''}`.includes('?');
  if (transliterated) methods.add(script.method);
  return {
    naturalPerson: {
      name: {
        nameIdentifier: [{ ...(transliterated ? latin : written), nameIdentifierType: 'LEGL' }],
        ...(transliterated ? { localNameIdentifier: [{ ...written, nameIdentifierType: 'LEGL' as const }] } : {}),
      },
      ...(input.address ? { geographicAddress: [address(input.address, 'HOME')] } : {}),
      customerIdentification: input.id,
      ...(input.countryOfResidence ? { countryOfResidence: input.countryOfResidence } : {}),
    },
  };
}

function address(input: Ivms101AddressInput, addressType: 'HOME' | 'BIZZ'): Ivms101Address {
  return {
    addressType,
    ...(input.streetName ? { streetName: input.streetName } : {}),
    ...(input.buildingNumber ? { buildingNumber: input.buildingNumber } : {}),
    ...(input.postcode ? { postcode: input.postcode } : {}),
    townName: input.townName,
    ...(input.addressLines?.length ? { addressLine: [...input.addressLines] } : {}),
    country: input.country,
  };
}
