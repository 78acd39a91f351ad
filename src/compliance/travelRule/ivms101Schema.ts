import { z } from 'zod';

// The interVASP Messaging Standard IVMS101 (2020) identity payload, as the EU Transfer of Funds Regulation
// (2023/1113) asks crypto-asset transfers to carry: field names, code lists, lengths and the constraints C1–C11
// that apply to one originator, one beneficiary and their VASPs. Constraint numbers are the standard's.

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code');
const text = (max: number) => z.string().trim().min(1).max(max);

export const naturalPersonNameTypeCodes = ['ALIA', 'BIRT', 'MAID', 'LEGL', 'MISC'] as const;
export const legalPersonNameTypeCodes = ['LEGL', 'SHRT', 'TRAD'] as const;
export const addressTypeCodes = ['HOME', 'BIZZ', 'GEOG'] as const;
export const nationalIdentifierTypeCodes = [
  'ARNU',
  'CCPT',
  'RAID',
  'DRLC',
  'FIIN',
  'TXID',
  'SOCS',
  'IDCD',
  'LEIX',
  'MISC',
] as const;
export const transliterationMethodCodes = [
  'arab',
  'aran',
  'armn',
  'cyrs',
  'deva',
  'geor',
  'grek',
  'hani',
  'hebr',
  'kana',
  'kore',
  'thai',
  'othr',
] as const;

/** ISO 17442: 18 letters or digits and 2 check digits, mod 97 = 1 with letters as 10–35 (as for IBANs). */
export function isValidLei(lei: string): boolean {
  if (!/^[A-Z0-9]{18}[0-9]{2}$/.test(lei)) return false;
  let remainder = 0;
  for (const c of lei) {
    const value = Number.parseInt(c, 36);
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder === 1;
}

export const naturalPersonNameIdSchema = z.strictObject({
  primaryIdentifier: text(100),
  secondaryIdentifier: text(100).optional(),
  nameIdentifierType: z.enum(naturalPersonNameTypeCodes),
});

export const legalPersonNameIdSchema = z.strictObject({
  legalPersonName: text(100),
  legalPersonNameIdentifierType: z.enum(legalPersonNameTypeCodes),
});

export const addressSchema = z
  .strictObject({
    addressType: z.enum(addressTypeCodes),
    department: text(50).optional(),
    subDepartment: text(70).optional(),
    streetName: text(70).optional(),
    buildingNumber: text(16).optional(),
    buildingName: text(35).optional(),
    floor: text(70).optional(),
    postBox: text(16).optional(),
    room: text(70).optional(),
    postcode: text(16).optional(),
    townName: text(35),
    townLocationName: text(35).optional(),
    districtName: text(35).optional(),
    countrySubDivision: text(35).optional(),
    addressLine: z.array(text(70)).max(3).optional(),
    country: countryCode,
  })
  // C8 ValidAddress: an address line, or a street with a building number or name.
  .refine(
    (address) =>
      (address.addressLine?.length ?? 0) > 0 ||
      (address.streetName !== undefined && (address.buildingNumber ?? address.buildingName) !== undefined),
    { message: 'C8: an address needs addressLine, or streetName with buildingNumber or buildingName' },
  );

export const nationalIdentificationSchema = z.strictObject({
  nationalIdentifier: text(35),
  nationalIdentifierType: z.enum(nationalIdentifierTypeCodes),
  countryOfIssue: countryCode.optional(),
  registrationAuthority: z
    .string()
    .regex(/^RA\d{6}$/, 'must be a GLEIF registration authority code (RA and 6 digits)')
    .optional(),
});

export const naturalPersonSchema = z.strictObject({
  name: z.strictObject({
    nameIdentifier: z.array(naturalPersonNameIdSchema).min(1),
    localNameIdentifier: z.array(naturalPersonNameIdSchema).optional(),
    phoneticNameIdentifier: z.array(naturalPersonNameIdSchema).optional(),
  }),
  geographicAddress: z.array(addressSchema).optional(),
  nationalIdentification: nationalIdentificationSchema.optional(),
  customerIdentification: text(50).optional(),
  dateAndPlaceOfBirth: z
    .strictObject({
      dateOfBirth: z.iso.date(),
      placeOfBirth: text(70),
    })
    // C2 DateInPast.
    .refine((birth) => birth.dateOfBirth < new Date().toISOString().slice(0, 10), {
      message: 'C2: the date of birth must be in the past',
    })
    .optional(),
  countryOfResidence: countryCode.optional(),
});

export const legalPersonSchema = z
  .strictObject({
    name: z.strictObject({
      nameIdentifier: z.array(legalPersonNameIdSchema).min(1),
      localNameIdentifier: z.array(legalPersonNameIdSchema).optional(),
      phoneticNameIdentifier: z.array(legalPersonNameIdSchema).optional(),
    }),
    geographicAddress: z.array(addressSchema).optional(),
    customerNumber: text(50).optional(),
    nationalIdentification: nationalIdentificationSchema.optional(),
    countryOfRegistration: countryCode.optional(),
  })
  .superRefine((person, context) => {
    // C5 LegalNamePresentLegalPerson.
    if (!person.name.nameIdentifier.some((name) => name.legalPersonNameIdentifierType === 'LEGL'))
      context.addIssue({
        code: 'custom',
        path: ['name', 'nameIdentifier'],
        message: 'C5: a legal person needs a LEGL name',
      });
    const id = person.nationalIdentification;
    if (!id) return;
    const path = ['nationalIdentification'];
    // C7 ValidNationalIdentifierLegalPerson.
    if (!['RAID', 'MISC', 'LEIX', 'TXID'].includes(id.nationalIdentifierType))
      context.addIssue({
        code: 'custom',
        path,
        message: 'C7: a legal person is identified by RAID, MISC, LEIX or TXID',
      });
    // C9 CompleteNationalIdentifierLegalPerson: no country of issue; a registration authority unless it is an LEI.
    if (id.countryOfIssue !== undefined)
      context.addIssue({ code: 'custom', path, message: 'C9: countryOfIssue is not used for a legal person' });
    if (
      id.nationalIdentifierType === 'LEIX'
        ? id.registrationAuthority !== undefined
        : id.registrationAuthority === undefined
    )
      context.addIssue({
        code: 'custom',
        path,
        message:
          'C9: registrationAuthority is required for a legal person unless the identifier is an LEI, and absent for an LEI',
      });
    // C11 ValidLEI.
    if (id.nationalIdentifierType === 'LEIX' && !isValidLei(id.nationalIdentifier))
      context.addIssue({ code: 'custom', path, message: 'C11: the LEI is not a valid ISO 17442 code' });
  });

export const personSchema = z.union([
  z.strictObject({ naturalPerson: naturalPersonSchema }),
  z.strictObject({ legalPerson: legalPersonSchema }),
]);

const naturalPersonLegalName = (person: z.infer<typeof personSchema>) =>
  !('naturalPerson' in person) ||
  person.naturalPerson.name.nameIdentifier.some((name) => name.nameIdentifierType === 'LEGL');

/** The IVMS101 identity payload of one transfer. */
export const ivms101Schema = z
  .strictObject({
    originator: z.strictObject({
      originatorPersons: z.array(personSchema).min(1),
      /** Wallet addresses (or IBANs) the transfer is paid from. */
      accountNumber: z.array(text(100)).optional(),
    }),
    beneficiary: z.strictObject({
      beneficiaryPersons: z.array(personSchema).min(1),
      accountNumber: z.array(text(100)).optional(),
    }),
    originatingVASP: z.strictObject({ originatingVASP: personSchema }).optional(),
    beneficiaryVASP: z.strictObject({ beneficiaryVASP: personSchema }).optional(),
    payloadMetadata: z
      .strictObject({ transliterationMethod: z.array(z.enum(transliterationMethodCodes)).optional() })
      .optional(),
  })
  .superRefine((payload, context) => {
    // C6 LegalNamePresent: every natural person has a LEGL name.
    payload.originator.originatorPersons.forEach((person, index) => {
      if (!naturalPersonLegalName(person))
        context.addIssue({
          code: 'custom',
          path: ['originator', 'originatorPersons', index],
          message: 'C6: a natural person needs a LEGL name',
        });
      // C1 OriginatorInformationNaturalPerson: an address, customer id, national id or date and place of birth.
      if ('naturalPerson' in person) {
        const natural = person.naturalPerson;
        if (
          !natural.geographicAddress?.length &&
          !natural.customerIdentification &&
          !natural.nationalIdentification &&
          !natural.dateAndPlaceOfBirth
        )
          context.addIssue({
            code: 'custom',
            path: ['originator', 'originatorPersons', index],
            message:
              'C1: a natural originator needs geographicAddress, customerIdentification, nationalIdentification or dateAndPlaceOfBirth',
          });
      }
    });
    payload.beneficiary.beneficiaryPersons.forEach((person, index) => {
      if (!naturalPersonLegalName(person))
        context.addIssue({
          code: 'custom',
          path: ['beneficiary', 'beneficiaryPersons', index],
          message: 'C6: a natural person needs a LEGL name',
        });
    });
    // The TFR asks for the accounts on both sides of a crypto transfer.
    if (!payload.originator.accountNumber?.length)
      context.addIssue({
        code: 'custom',
        path: ['originator', 'accountNumber'],
        message: 'the originator account is required',
      });
    if (!payload.beneficiary.accountNumber?.length)
      context.addIssue({
        code: 'custom',
        path: ['beneficiary', 'accountNumber'],
        message: 'the beneficiary account is required',
      });
  });

export type Ivms101Payload = z.infer<typeof ivms101Schema>;
export type Ivms101Person = z.infer<typeof personSchema>;
export type Ivms101Address = z.infer<typeof addressSchema>;
