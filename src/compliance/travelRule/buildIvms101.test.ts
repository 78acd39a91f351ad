import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { type BuildIvms101Parameters, buildIvms101 } from './buildIvms101.js';
import { ivms101Schema } from './ivms101Schema.js';

const vault = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const wallet = '0x52908400098527886E0F7030069857D2E4169EE7';
const company: BuildIvms101Parameters['originator'] = {
  legalName: 'Tandem Demo GmbH',
  tradingName: 'Tandem',
  country: 'DE',
  address: {
    streetName: 'Friedrichstraße',
    buildingNumber: '68',
    postcode: '10117',
    townName: 'Berlin',
    country: 'DE',
  },
  lei: '529900T8BM49AURSDO55',
  walletAddress: vault,
};

test('a salary payout: the company as legal originator with its LEI, the employee as natural beneficiary', () => {
  const record = buildIvms101({
    originator: company,
    beneficiary: {
      id: 'E-0042',
      fullName: 'Zoë Dubois-Lefèvre',
      familyName: 'Dubois-Lefèvre',
      givenNames: 'Zoë',
      countryOfResidence: 'DE',
      walletAddress: wallet,
    },
    originatingVasp: { legalName: 'Tandem Custody AG', country: 'CH', lei: '5493001KJTIIGC8Y1R12' },
  });
  assert.deepEqual(record, {
    originator: {
      originatorPersons: [
        {
          legalPerson: {
            name: {
              nameIdentifier: [
                { legalPersonName: 'Tandem Demo GmbH', legalPersonNameIdentifierType: 'LEGL' },
                { legalPersonName: 'Tandem', legalPersonNameIdentifierType: 'TRAD' },
              ],
            },
            geographicAddress: [
              {
                addressType: 'BIZZ',
                streetName: 'Friedrichstraße',
                buildingNumber: '68',
                postcode: '10117',
                townName: 'Berlin',
                country: 'DE',
              },
            ],
            nationalIdentification: { nationalIdentifier: '529900T8BM49AURSDO55', nationalIdentifierType: 'LEIX' },
            countryOfRegistration: 'DE',
          },
        },
      ],
      accountNumber: [vault],
    },
    beneficiary: {
      beneficiaryPersons: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                { primaryIdentifier: 'Dubois-Lefèvre', secondaryIdentifier: 'Zoë', nameIdentifierType: 'LEGL' },
              ],
            },
            customerIdentification: 'E-0042',
            countryOfResidence: 'DE',
          },
        },
      ],
      accountNumber: [wallet],
    },
    originatingVASP: {
      originatingVASP: {
        legalPerson: {
          name: { nameIdentifier: [{ legalPersonName: 'Tandem Custody AG', legalPersonNameIdentifierType: 'LEGL' }] },
          nationalIdentification: { nationalIdentifier: '5493001KJTIIGC8Y1R12', nationalIdentifierType: 'LEIX' },
          countryOfRegistration: 'CH',
        },
      },
    },
  });
  // What is built is what the schema accepts, and survives JSON (the form it is stored and sent in).
  assert.deepEqual(ivms101Schema.parse(JSON.parse(JSON.stringify(record))), record);
});

test('Greek and Cyrillic names are transliterated, with the written name kept as the local name', () => {
  const greek = buildIvms101({
    originator: company,
    beneficiary: {
      id: 'E-7',
      fullName: 'Γιώργος Παπαδόπουλος',
      familyName: 'Παπαδόπουλος',
      givenNames: 'Γιώργος',
      walletAddress: wallet,
    },
  });
  assert.deepEqual(greek.beneficiary.beneficiaryPersons[0], {
    naturalPerson: {
      name: {
        nameIdentifier: [
          { primaryIdentifier: 'Papadopoulos', secondaryIdentifier: 'Giorgos', nameIdentifierType: 'LEGL' },
        ],
        localNameIdentifier: [
          { primaryIdentifier: 'Παπαδόπουλος', secondaryIdentifier: 'Γιώργος', nameIdentifierType: 'LEGL' },
        ],
      },
      customerIdentification: 'E-7',
    },
  });
  assert.deepEqual(greek.payloadMetadata, { transliterationMethod: ['grek'] });
  const cyrillic = buildIvms101({
    originator: company,
    beneficiary: { id: 'E-8', fullName: 'Юрий Щукин', walletAddress: wallet },
  });
  const name =
    'naturalPerson' in cyrillic.beneficiary.beneficiaryPersons[0]!
      ? cyrillic.beneficiary.beneficiaryPersons[0].naturalPerson.name
      : undefined;
  assert.deepEqual(name?.nameIdentifier, [{ primaryIdentifier: 'Iurii Shchukin', nameIdentifierType: 'LEGL' }]);
  assert.deepEqual(name?.localNameIdentifier, [{ primaryIdentifier: 'Юрий Щукин', nameIdentifierType: 'LEGL' }]);
  assert.deepEqual(cyrillic.payloadMetadata, { transliterationMethod: ['cyrs'] });
  // No rule for Chinese: the name is kept as written, and no transliteration is claimed.
  const chinese = buildIvms101({
    originator: company,
    beneficiary: { id: 'E-9', fullName: '王小明', walletAddress: wallet },
  });
  assert.deepEqual(chinese.beneficiary.beneficiaryPersons[0], {
    naturalPerson: {
      name: { nameIdentifier: [{ primaryIdentifier: '王小明', nameIdentifierType: 'LEGL' }] },
      customerIdentification: 'E-9',
    },
  });
  assert.equal(chinese.payloadMetadata, undefined);
});

test('a company without an LEI is identified by its register number and the register', () => {
  const { lei: _lei, ...withoutLei } = company;
  const record = buildIvms101({
    originator: { ...withoutLei, registration: { identifier: 'HRB 123456 B', registrationAuthority: 'RA000242' } },
    beneficiary: { id: 'E-1', fullName: 'Ann Lee', walletAddress: wallet },
  });
  const person = record.originator.originatorPersons[0]!;
  assert.ok('legalPerson' in person);
  assert.deepEqual(person.legalPerson.nationalIdentification, {
    nationalIdentifier: 'HRB 123456 B',
    nationalIdentifierType: 'RAID',
    registrationAuthority: 'RA000242',
  });
});

function refuses(parameters: BuildIvms101Parameters, field: string, message: RegExp) {
  assert.throws(
    () => buildIvms101(parameters),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.field, field);
      assert.match(error.shortMessage, message);
      return true;
    },
  );
}

test('bad data is refused naming the field and the IVMS101 rule', () => {
  const beneficiary = { id: 'E-1', fullName: 'Ann Lee', walletAddress: wallet };
  refuses(
    { originator: { ...company, lei: '529900T8BM49AURSDO56' }, beneficiary },
    'originator.originatorPersons.0.legalPerson.nationalIdentification',
    /C11: the LEI is not a valid ISO 17442 code/,
  );
  refuses(
    { originator: { ...company, country: 'Germany' }, beneficiary },
    'originator.originatorPersons.0.legalPerson.countryOfRegistration',
    /ISO 3166-1 alpha-2/,
  );
  refuses(
    { originator: { ...company, address: { townName: 'Berlin', country: 'DE' } }, beneficiary },
    'originator.originatorPersons.0.legalPerson.geographicAddress.0',
    /C8/,
  );
  refuses(
    { originator: company, beneficiary: { ...beneficiary, fullName: '  ' } },
    'beneficiary.beneficiaryPersons.0.naturalPerson.name.nameIdentifier.0.primaryIdentifier',
    /IVMS101/,
  );
  refuses({ originator: { ...company, walletAddress: '' }, beneficiary }, 'originator.accountNumber.0', /IVMS101/);
  refuses(
    {
      originator: {
        ...company,
        lei: undefined,
        registration: { identifier: 'HRB 1', registrationAuthority: 'Amtsgericht' },
      },
      beneficiary,
    },
    'originator.originatorPersons.0.legalPerson.nationalIdentification.registrationAuthority',
    /GLEIF registration authority/,
  );
});

test('the schema enforces the legal-person and natural-person constraints on records from elsewhere', () => {
  const valid = buildIvms101({
    originator: company,
    beneficiary: { id: 'E-1', fullName: 'Ann Lee', walletAddress: wallet },
  });
  const withLegalName = (type: 'LEGL' | 'SHRT') => ({
    ...valid,
    originator: {
      ...valid.originator,
      originatorPersons: [
        { legalPerson: { name: { nameIdentifier: [{ legalPersonName: 'X', legalPersonNameIdentifierType: type }] } } },
      ],
    },
  });
  assert.equal(ivms101Schema.safeParse(withLegalName('LEGL')).success, true);
  const noLegalName = ivms101Schema.safeParse(withLegalName('SHRT'));
  assert.equal(noLegalName.success, false);
  assert.match(noLegalName.error!.issues[0]!.message, /C5/);
  const naturalOriginator = ivms101Schema.safeParse({
    ...valid,
    originator: {
      ...valid.originator,
      originatorPersons: [
        { naturalPerson: { name: { nameIdentifier: [{ primaryIdentifier: 'Lee', nameIdentifierType: 'ALIA' }] } } },
      ],
    },
  });
  assert.deepEqual(
    naturalOriginator.error?.issues.map((issue) => issue.message.slice(0, 3)),
    ['C6:', 'C1:'],
  );
  const leiWithCountry = ivms101Schema.safeParse({
    ...valid,
    originator: {
      ...valid.originator,
      originatorPersons: [
        {
          legalPerson: {
            name: { nameIdentifier: [{ legalPersonName: 'X', legalPersonNameIdentifierType: 'LEGL' }] },
            nationalIdentification: {
              nationalIdentifier: '529900T8BM49AURSDO55',
              nationalIdentifierType: 'LEIX',
              countryOfIssue: 'DE',
              registrationAuthority: 'RA000242',
            },
          },
        },
      ],
    },
  });
  assert.deepEqual(
    leiWithCountry.error?.issues.map((issue) => issue.message.slice(0, 3)),
    ['C9:', 'C9:'],
  );
  assert.equal(ivms101Schema.safeParse({ ...valid, unexpected: true }).success, false);
});
