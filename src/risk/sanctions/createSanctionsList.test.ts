import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/createDatabase.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { ConflictError } from '../../errors/BaseError.js';
import { createSanctionsList } from './createSanctionsList.js';
import { type OfacXmlParty, ofacXml } from './fixtures/ofacXml.js';
import { writeListFile } from './fixtures/writeListFile.js';
import { SanctionsListMissingError } from './SanctionsListMissingError.js';
import { SanctionsListRefusedError } from './SanctionsListRefusedError.js';

const folder = mkdtempSync(join(tmpdir(), 'tandem-sanctions-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const lazarusEth = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const lazarus: OfacXmlParty = {
  profileId: 27307,
  name: 'Lazarus Group',
  alias: 'Hidden Cobra',
  addresses: [
    { ticker: 'ETH', address: lazarusEth },
    { ticker: 'USDT', address: lazarusEth },
    { ticker: 'ETH', address: '0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B' },
  ],
  programs: ['DPRK3'],
};
const bitcoinAddress = '1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL';
const individual: OfacXmlParty = {
  profileId: 38420,
  name: ['Nikaeen Ravari', 'Amir Hossein'],
  addresses: [
    { ticker: 'XBT', address: bitcoinAddress },
    { ticker: 'TRX', address: 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz' },
  ],
  programs: ['IRGC', 'CYBER2'],
};
const exchange: OfacXmlParty = {
  profileId: 31212,
  name: 'SOUTHFRONT',
  addresses: [
    {
      ticker: 'XMR',
      address: '884Bz8UH63aYsjVdkfWfScRYWZGGNbjFL7pztqvWNSrtYT4reFSwyvkCj9KEGUtheHhhMUj87ciTBFyzoesrMJ4L1FvSoxL',
    },
  ],
  programs: ['CYBER2'],
};

const firstXml = ofacXml({ publishedOn: '2025-11-19', parties: [lazarus, individual, exchange] });
const firstList = writeListFile(folder, 'sdn_advanced.xml.bz2', firstXml, { bzip2: true });
const firstListPlain = writeListFile(folder, 'sdn_advanced.xml', firstXml);

// One database for the file (starting PGlite costs seconds); each test starts from empty sanctions tables.
let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

async function withList<T>(
  run: (sanctionsList: ReturnType<typeof createSanctionsList>, database: Database) => Promise<T>,
) {
  await database.db.deleteFrom('sanctions_list_changes').execute();
  await database.db.deleteFrom('sanctioned_addresses').execute();
  await database.db.deleteFrom('sanctions_list_versions').execute();
  return run(createSanctionsList({ db: database.db }), database);
}

async function assertRefused(promise: Promise<unknown>, reason: SanctionsListRefusedError['reason']) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SanctionsListRefusedError, String(error));
    assert.equal(error.reason, reason);
    return true;
  });
}

describe('createSanctionsList', () => {
  test('a loaded list names the party and its programs for each address', () =>
    withList(async (sanctionsList) => {
      const loaded = await sanctionsList.load({ file: firstList });
      assert.equal(loaded.status, 'loaded');
      assert.equal(loaded.total, 6);
      assert.equal(loaded.added, 6);
      assert.equal(loaded.removed, 0);
      assert.deepEqual(loaded.byTicker, { ETH: 2, USDT: 1, XBT: 1, TRX: 1, XMR: 1 });
      const sha256 = createHash('sha256').update(firstXml).digest('hex');
      assert.equal(loaded.version.sha256, sha256);
      assert.equal(loaded.version.publishedOn, '2025-11-19');
      assert.equal(loaded.version.id, `2025-11-19.${sha256.slice(0, 12)}`);
      assert.equal(loaded.version.sourceFile, 'sdn_advanced.xml.bz2');
      assert.equal(loaded.version.supersededAt, null);

      assert.deepEqual(await sanctionsList.check(bitcoinAddress), {
        address: bitcoinAddress,
        sanctioned: true,
        ticker: 'XBT',
        entity: 'Nikaeen Ravari, Amir Hossein',
        programs: ['CYBER2', 'IRGC'],
        listVersion: loaded.version.id,
      });
      assert.deepEqual(await sanctionsList.check('TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz'), {
        address: 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz',
        sanctioned: true,
        ticker: 'TRX',
        entity: 'Nikaeen Ravari, Amir Hossein',
        programs: ['CYBER2', 'IRGC'],
        listVersion: loaded.version.id,
      });
      assert.deepEqual(await sanctionsList.check('0x0000000000000000000000000000000000000001'), {
        address: '0x0000000000000000000000000000000000000001',
        sanctioned: false,
        ticker: null,
        entity: null,
        programs: [],
        listVersion: loaded.version.id,
      });
      assert.deepEqual(await sanctionsList.currentVersion(), loaded.version);
    }));

  test('EVM addresses match in any letter case; the first ticker in the file answers', () =>
    withList(async (sanctionsList) => {
      await sanctionsList.load({ file: firstList });
      for (const asked of [
        lazarusEth,
        lazarusEth.toLowerCase(),
        `0x${lazarusEth.slice(2).toUpperCase()}`,
        ` ${lazarusEth}\n`,
      ]) {
        const answer = await sanctionsList.check(asked);
        assert.equal(answer.sanctioned, true, asked);
        assert.equal(answer.address, asked);
        assert.equal(answer.ticker, 'ETH');
        assert.equal(answer.entity, 'Lazarus Group');
        assert.deepEqual(answer.programs, ['DPRK3']);
      }
      assert.deepEqual(await sanctionsList.evmAddresses(), [
        '0x098b716b8aaf21512996dc57eb0615e2383e2f96',
        '0xa0e1c89ef1a489c9c7de96311ed5ce5d32c20e4b',
      ]);
    }));

  test('other addresses match only exactly as listed: a case-changed Bitcoin address is not sanctioned', () =>
    withList(async (sanctionsList) => {
      await sanctionsList.load({ file: firstList });
      assert.equal((await sanctionsList.check(bitcoinAddress)).sanctioned, true);
      assert.equal((await sanctionsList.check(bitcoinAddress.toLowerCase())).sanctioned, false);
      // The synchronous test for many addresses answers as check does.
      const listed = await sanctionsList.listed();
      for (const asked of [bitcoinAddress, bitcoinAddress.toLowerCase(), lazarusEth, lazarusEth.toLowerCase()])
        assert.equal(listed(asked), (await sanctionsList.check(asked)).sanctioned, asked);
      assert.equal(listed('0x0000000000000000000000000000000000000001'), false);
      assert.equal((await sanctionsList.check(bitcoinAddress.toUpperCase())).sanctioned, false);
      assert.equal((await sanctionsList.check('ta3941ufavmvibskq6fmjxxmasnovx86mz')).sanctioned, false);
    }));

  test('a newer list replaces the old one and records what it added, removed and changed', () =>
    withList(async (sanctionsList) => {
      const first = await sanctionsList.load({ file: firstList });
      const newAddress = 'bc1qsxf77cvwcd6jv6j8d8j3uhh4g0xqw4meswmwuc';
      const secondXml = ofacXml({
        publishedOn: '2025-12-02',
        parties: [
          // The second Lazarus ETH address is delisted; a Bitcoin address is added; the individual gains a program.
          { ...lazarus, addresses: lazarus.addresses.slice(0, 2) },
          {
            ...individual,
            addresses: [...individual.addresses, { ticker: 'XBT', address: newAddress }],
            programs: ['IRGC', 'CYBER2', 'IFSR'],
          },
          exchange,
        ],
      });
      const second = await sanctionsList.load({ file: writeListFile(folder, 'second.xml', secondXml) });
      assert.equal(second.status, 'loaded');
      assert.equal(second.total, 6);
      assert.equal(second.added, 1);
      assert.equal(second.removed, 1);
      assert.equal(second.changed, 2);

      assert.deepEqual(await sanctionsList.changes(second.version.id), [
        {
          change: 'added',
          ticker: 'XBT',
          address: newAddress,
          listedAddress: newAddress,
          entity: 'Nikaeen Ravari, Amir Hossein',
          programs: ['CYBER2', 'IFSR', 'IRGC'],
        },
        {
          change: 'changed',
          ticker: 'TRX',
          address: 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz',
          listedAddress: 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz',
          entity: 'Nikaeen Ravari, Amir Hossein',
          programs: ['CYBER2', 'IFSR', 'IRGC'],
        },
        {
          change: 'changed',
          ticker: 'XBT',
          address: bitcoinAddress,
          listedAddress: bitcoinAddress,
          entity: 'Nikaeen Ravari, Amir Hossein',
          programs: ['CYBER2', 'IFSR', 'IRGC'],
        },
        {
          change: 'removed',
          ticker: 'ETH',
          address: '0xa0e1c89ef1a489c9c7de96311ed5ce5d32c20e4b',
          listedAddress: '0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B',
          entity: 'Lazarus Group',
          programs: ['DPRK3'],
        },
      ]);
      assert.equal((await sanctionsList.check('0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B')).sanctioned, false);
      assert.equal((await sanctionsList.check(newAddress)).listVersion, second.version.id);
      assert.deepEqual((await sanctionsList.check(bitcoinAddress)).programs, ['CYBER2', 'IFSR', 'IRGC']);

      const history = await sanctionsList.history();
      assert.deepEqual(
        history.map((version) => [version.id, version.added, version.removed, version.supersededAt === null]),
        [
          [second.version.id, 1, 1, true],
          [first.version.id, 6, 0, false],
        ],
      );
      assert.equal(history[1]?.supersededAt?.getTime(), second.version.loadedAt.getTime());
    }));

  test('a truncated or foreign file is refused and the list in force keeps answering', () =>
    withList(async (sanctionsList) => {
      const first = await sanctionsList.load({ file: firstList });
      const packed = readFileSync(firstList);
      const cutPacked = writeListFile(folder, 'cut.xml.bz2', packed.subarray(0, packed.length - 40));
      const cutPlain = writeListFile(folder, 'cut.xml', firstXml.slice(0, firstXml.indexOf('</DistinctParties>')));
      const foreign = writeListFile(
        folder,
        'foreign.xml',
        ofacXml({ publishedOn: '2025-12-24', parties: [exchange], namespace: 'http://www.un.org/sanctions/2.0-draft' }),
      );
      const empty = writeListFile(
        folder,
        'empty.xml',
        ofacXml({ publishedOn: '2025-12-24', parties: [{ ...exchange, addresses: [] }] }),
      );

      await assertRefused(sanctionsList.load({ file: cutPacked }), 'truncated');
      await assertRefused(sanctionsList.load({ file: cutPacked, decompressor: 'js' }), 'truncated');
      await assertRefused(sanctionsList.load({ file: cutPlain }), 'truncated');
      await assertRefused(sanctionsList.load({ file: foreign }), 'foreign');
      await assertRefused(sanctionsList.load({ file: empty }), 'empty');

      const answer = await sanctionsList.check(lazarusEth);
      assert.equal(answer.sanctioned, true);
      assert.equal(answer.listVersion, first.version.id);
      assert.deepEqual(
        (await sanctionsList.history()).map((version) => version.id),
        [first.version.id],
      );
      // The database still holds the same list: re-reading it changes nothing.
      await sanctionsList.refresh();
      assert.equal((await sanctionsList.check(bitcoinAddress)).sanctioned, true);
    }));

  test('loading the same list again is a no-op that says so, whether packed or plain', () =>
    withList(async (sanctionsList) => {
      const first = await sanctionsList.load({ file: firstList });
      for (const file of [firstList, firstListPlain]) {
        const again = await sanctionsList.load({ file });
        assert.equal(again.status, 'unchanged');
        assert.match(again.message, /already the list in force/);
        assert.equal(again.added, 0);
        assert.equal(again.removed, 0);
        assert.equal(again.total, 6);
        assert.deepEqual(again.version, first.version);
      }
      assert.equal((await sanctionsList.history()).length, 1);
    }));

  test('an older list is refused unless rolling back on purpose', () =>
    withList(async (sanctionsList) => {
      await sanctionsList.load({ file: firstList });
      const olderFile = writeListFile(folder, 'older.xml', ofacXml({ publishedOn: '2025-10-01', parties: [exchange] }));
      await assert.rejects(sanctionsList.load({ file: olderFile }), (error: unknown) => {
        assert.ok(error instanceof ConflictError);
        assert.equal(error.code, 'sanctions-list-older');
        return true;
      });
      assert.equal((await sanctionsList.check(lazarusEth)).sanctioned, true);
      const rolledBack = await sanctionsList.load({ file: olderFile, allowOlder: true });
      assert.equal(rolledBack.removed, 5);
      assert.equal((await sanctionsList.check(lazarusEth)).sanctioned, false);
    }));

  test('screening before any list is loaded fails closed', () =>
    withList(async (sanctionsList) => {
      assert.equal(await sanctionsList.currentVersion(), null);
      await assert.rejects(sanctionsList.check(lazarusEth), SanctionsListMissingError);
      await assert.rejects(sanctionsList.check('  '), { name: 'ValidationError', field: 'address' });
    }));

  test('the list in force survives a restart: a new instance answers from the database', () =>
    withList(async (sanctionsList, { db }) => {
      const loaded = await sanctionsList.load({ file: firstList });
      const restarted = createSanctionsList({ db });
      assert.deepEqual(await restarted.currentVersion(), loaded.version);
      assert.equal((await restarted.check(lazarusEth.toLowerCase())).entity, 'Lazarus Group');
    }));

  test('the real OFAC SDN list of 2025-11-19 loads with its 758 addresses', { timeout: 120_000 }, () =>
    withList(async (sanctionsList) => {
      const file = new URL('../../../../shared/data/ofac/sdn_advanced.xml.bz2', import.meta.url).pathname;
      const loaded = await sanctionsList.load({ file });
      assert.equal(loaded.total, 758);
      assert.equal(Object.keys(loaded.byTicker).length, 19);
      assert.equal(loaded.version.sha256, '36c517bd264d8d97eff353eadd8d84427d5eb293505a8ce07271a5bc258c3117');
      assert.equal(loaded.version.publishedOn, '2025-11-19');
      assert.equal(loaded.byTicker.XBT, 517);
      assert.equal(loaded.byTicker.ETH, 77);
      const lazarusAnswer = await sanctionsList.check('0x098b716b8aaf21512996dc57eb0615e2383e2f96');
      assert.equal(lazarusAnswer.sanctioned, true);
      assert.equal(lazarusAnswer.ticker, 'ETH');
      assert.equal(lazarusAnswer.entity, 'Lazarus Group');
      assert.deepEqual(lazarusAnswer.programs, ['DPRK3']);
      const individualAnswer = await sanctionsList.check('bc1qsxf77cvwcd6jv6j8d8j3uhh4g0xqw4meswmwuc');
      assert.equal(individualAnswer.entity, 'Nikaeen Ravari, Amir Hossein');
      assert.equal((await sanctionsList.evmAddresses()).length, new Set(await sanctionsList.evmAddresses()).size);
    }),
  );
});
