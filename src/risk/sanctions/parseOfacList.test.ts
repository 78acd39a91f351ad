import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type OfacXmlParty, ofacXml } from './fixtures/ofacXml.js';
import { writeListFile } from './fixtures/writeListFile.js';
import { type OfacListProgress, parseOfacList } from './parseOfacList.js';
import { SanctionsListRefusedError } from './SanctionsListRefusedError.js';

const folder = mkdtempSync(join(tmpdir(), 'tandem-ofac-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const lazarus: OfacXmlParty = {
  profileId: 27307,
  name: 'Lazarus Group',
  alias: 'Hidden Cobra',
  addresses: [
    { ticker: 'ETH', address: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96' },
    { ticker: 'USDT', address: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96' },
  ],
  programs: ['DPRK3'],
};
const individual: OfacXmlParty = {
  profileId: 38420,
  name: ['Nikaeen Ravari', 'Amir Hossein'],
  addresses: [{ ticker: 'XBT', address: '1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL' }],
  programs: ['IRGC', 'CYBER2'],
};
const sharing: OfacXmlParty = {
  profileId: 38419,
  name: ['Khatibi Aghada', 'Ahmad'],
  addresses: [{ ticker: 'XBT', address: '1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL' }],
  programs: ['IFSR'],
};
const xml = ofacXml({ publishedOn: '2025-11-19', parties: [lazarus, individual, sharing] });

describe('parseOfacList', () => {
  test('reads addresses with the party name, its programs and the publication date', async () => {
    const list = await parseOfacList({ file: writeListFile(folder, 'plain.xml', xml) });
    assert.equal(list.publishedOn, '2025-11-19');
    assert.equal(list.sha256, createHash('sha256').update(xml).digest('hex'));
    assert.equal(list.compression, 'none');
    assert.deepEqual(list.byTicker, { ETH: 1, USDT: 1, XBT: 1 });
    assert.deepEqual(list.addresses[0], {
      ticker: 'ETH',
      address: '0x098b716b8aaf21512996dc57eb0615e2383e2f96',
      listedAddress: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96',
      entity: 'Lazarus Group',
      programs: ['DPRK3'],
      profileIds: [27307],
    });
    // One address listed by two individuals: one row naming both (`LAST, First`), with both parties' programs.
    assert.deepEqual(list.addresses[2], {
      ticker: 'XBT',
      address: '1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL',
      listedAddress: '1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL',
      entity: 'Nikaeen Ravari, Amir Hossein; Khatibi Aghada, Ahmad',
      programs: ['CYBER2', 'IFSR', 'IRGC'],
      profileIds: [38420, 38419],
    });
  });

  test('tells bzip2 from plain XML by content, not by name, and hashes the unpacked XML', async () => {
    const sha256 = createHash('sha256').update(xml).digest('hex');
    const bz2NamedXml = writeListFile(folder, 'looks-plain.xml', xml, { bzip2: true });
    const xmlNamedBz2 = writeListFile(folder, 'looks-packed.xml.bz2', xml);
    for (const decompressor of ['system', 'js'] as const) {
      const packed = await parseOfacList({ file: bz2NamedXml, decompressor });
      assert.equal(packed.compression, 'bzip2');
      assert.equal(packed.decompressor, decompressor);
      assert.equal(packed.sha256, sha256);
      assert.equal(packed.addresses.length, 3);
    }
    const plain = await parseOfacList({ file: xmlNamedBz2 });
    assert.equal(plain.compression, 'none');
    assert.equal(plain.sha256, sha256);
  });

  test('reports progress up to the whole file', async () => {
    const seen: OfacListProgress[] = [];
    const file = writeListFile(folder, 'progress.xml', xml);
    await parseOfacList({ file, onProgress: (progress) => seen.push(progress) });
    const last = seen.at(-1);
    assert.equal(last?.bytesRead, Buffer.byteLength(xml));
    assert.equal(last?.xmlBytes, Buffer.byteLength(xml));
    assert.equal(last?.addresses, 3);
  });

  const refusals: [string, string | Buffer, SanctionsListRefusedError['reason'], RegExp][] = [
    ['truncated XML', xml.slice(0, xml.indexOf('<SanctionsEntries>') + 40), 'truncated', /truncated/],
    [
      'another namespace',
      ofacXml({ publishedOn: '2025-11-19', parties: [lazarus], namespace: 'urn:other' }),
      'foreign',
      /not an OFAC/,
    ],
    [
      'another root element',
      ofacXml({ publishedOn: '2025-11-19', parties: [lazarus], rootElement: 'Sanctionz' }),
      'foreign',
      /not an OFAC/,
    ],
    ['JSON', '{"addresses": ["0x098B716B8Aaf21512996dC57EB0615e2383E2f96"]}', 'foreign', /not XML/],
    ['an empty file', '', 'foreign', /no XML element/],
    ['gzip', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'foreign', /gzip/],
    [
      'no address',
      ofacXml({ publishedOn: '2025-11-19', parties: [{ ...lazarus, addresses: [] }] }),
      'empty',
      /no digital-currency address/,
    ],
    ['malformed XML', xml.replace('</DateOfIssue>', '</DateOfIsue>'), 'corrupt', /well-formed/],
  ];
  for (const [what, content, reason, message] of refusals) {
    test(`refuses ${what} (${reason})`, async () => {
      const file = writeListFile(folder, 'refused.xml', content);
      await assert.rejects(parseOfacList({ file }), (error: unknown) => {
        assert.ok(error instanceof SanctionsListRefusedError, String(error));
        assert.equal(error.reason, reason);
        assert.match(error.shortMessage, message);
        return true;
      });
    });
  }

  test('refuses truncated bzip2 with either decompressor', async () => {
    const packed = writeListFile(folder, 'whole.xml.bz2', xml, { bzip2: true });
    const bytes = readFileSync(packed);
    const file = writeListFile(folder, 'cut.xml.bz2', bytes.subarray(0, Math.floor(bytes.length / 2)));
    for (const decompressor of ['system', 'js'] as const) {
      await assert.rejects(parseOfacList({ file, decompressor }), (error: unknown) => {
        assert.ok(error instanceof SanctionsListRefusedError, String(error));
        assert.equal(error.reason, 'truncated');
        return true;
      });
    }
  });

  test('refuses a missing file as unreadable', async () => {
    await assert.rejects(parseOfacList({ file: join(folder, 'nope.xml') }), { reason: 'unreadable' });
  });
});
