import { createHash } from 'node:crypto';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { normalizeAddress } from './normalizeAddress.js';
import { type Bzip2Decompressor, openListFile } from './openListFile.js';
import { SanctionsListRefusedError } from './SanctionsListRefusedError.js';

/** One digital-currency address of the list: one per ticker and address, merged across the profiles that list it. */
export type ListedAddress = {
  /** The ticker OFAC files it under: `XBT`, `ETH`, `USDT`, … */
  ticker: string;
  /** The lookup form (see `normalizeAddress`): EVM lowercased, others verbatim. */
  address: string;
  /** As written in the list (EVM addresses keep their checksum case). */
  listedAddress: string;
  /** The listed party's primary name, `LAST, First` for individuals; several parties joined with `; `. */
  entity: string;
  /** Sanctions programs of the listing parties (`DPRK3`, `CYBER2`, …), sorted. */
  programs: string[];
  /** OFAC profile ids of the listing parties. */
  profileIds: number[];
};

export type OfacList = {
  /** The list's DateOfIssue, `YYYY-MM-DD`. */
  publishedOn: string;
  /** sha256 of the unpacked XML, hex. */
  sha256: string;
  sourceFile: string;
  compression: 'bzip2' | 'none';
  decompressor: 'system' | 'js' | null;
  xmlBytes: number;
  addresses: ListedAddress[];
  /** Addresses per ticker. */
  byTicker: Record<string, number>;
};

export type OfacListProgress = {
  /** Bytes of the file read so far (compressed bytes for bzip2) and the file's size. */
  bytesRead: number;
  bytesTotal: number;
  /** Unpacked XML bytes parsed so far. */
  xmlBytes: number;
  /** Digital-currency addresses found so far. */
  addresses: number;
};

export type ParseOfacListParameters = {
  file: string;
  onProgress?: ((progress: OfacListProgress) => void) | undefined;
  decompressor?: Bzip2Decompressor | undefined;
};

/** The namespaces OFAC's advanced XML has used: the Sanctions List Service's, and the older UN-derived one. */
const ofacNamespaces = new Set([
  'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML',
  'http://www.un.org/sanctions/1.0',
]);
const digitalCurrencyPrefix = 'Digital Currency Address - ';
const progressEveryMs = 200;

/**
 * Reads an OFAC SDN advanced XML file (plain or bzip2, told apart by its first bytes) as a stream and returns its
 * digital-currency addresses with each listed party's name and programs, the publication date and the sha256 of
 * the unpacked XML. Never holds the document: memory stays flat whatever the file's size.
 * Throws `SanctionsListRefusedError` for a file that is not such a list, is cut short, or lists no address.
 * @example const list = await parseOfacList({ file: 'sdn_advanced.xml.bz2' })
 */
export async function parseOfacList(parameters: ParseOfacListParameters): Promise<OfacList> {
  const { file, onProgress } = parameters;
  const listFile = await openListFile(file, { decompressor: parameters.decompressor });
  const { sourceFile } = listFile;
  const reader = createOfacReader(sourceFile);
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let xmlBytes = 0;
  let lastProgress = 0;
  const report = () =>
    onProgress?.({
      bytesRead: listFile.bytesRead(),
      bytesTotal: listFile.bytesTotal,
      xmlBytes,
      addresses: reader.addressCount(),
    });

  const decode = (chunk: Buffer | undefined) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch (cause) {
      throw reader.refuse('corrupt', `${sourceFile} is not UTF-8 text near byte ${xmlBytes}.`, { cause });
    }
  };

  for await (const chunk of listFile.chunks) {
    hash.update(chunk);
    xmlBytes += chunk.length;
    reader.write(decode(chunk));
    if (onProgress && Date.now() - lastProgress >= progressEveryMs) {
      lastProgress = Date.now();
      report();
    }
  }
  reader.write(decode(undefined));
  const result = reader.finish();
  report();
  return {
    ...result,
    sha256: hash.digest('hex'),
    sourceFile,
    compression: listFile.compression,
    decompressor: listFile.decompressor,
    xmlBytes,
  };
}

type ProfileAddress = { ticker: string; listedAddress: string };
type NamePart = { groupId: string; value: string };

/** The SAX state machine over one document; `write` takes text in order, `finish` checks the end and sums up. */
function createOfacReader(sourceFile: string) {
  const parser = new SaxesParser({ fileName: sourceFile });

  // ReferenceValueSets: id → meaning, for the few value sets the addresses need.
  const digitalCurrencyTickers = new Map<string, string>();
  const namePartTypes = new Map<string, string>();
  let programSanctionsTypeId: string | undefined;
  let primaryLatinStatusId: string | undefined;

  // Document position.
  let depth = 0;
  let rootOpened = false;
  let rootClosed = false;
  let section = '';
  /** Text being collected for the element just opened, or null when its text is not wanted. */
  let text: string | null = null;
  let referenceId = '';

  const dateOfIssue = { Year: '', Month: '', Day: '' };

  // DistinctParties: the profile being read.
  let profileId = '';
  let profileName: string | null = null;
  let profileNameFromPrimaryIdentity = false;
  let profileAddresses: ProfileAddress[] = [];
  let identityPrimary = false;
  let identityGroupTypes = new Map<string, string>();
  let identityBestParts: NamePart[] = [];
  let identityBestRank = -1;
  let aliasPrimary = false;
  let documentedNameParts: NamePart[] | null = null;
  let documentedNameRank = -1;
  let namePartGroupId = '';
  let featureTicker: string | undefined;

  // Everything gathered.
  const addressesByKey = new Map<string, ListedAddress>();
  const profileNames = new Map<number, string>();
  const programsByProfile = new Map<string, Set<string>>();

  // SanctionsEntries: the entry being read.
  let entryProfileId: string | null = null;
  let inProgramMeasure = false;

  function refuse(
    reason: SanctionsListRefusedError['reason'],
    message: string,
    more: { cause?: unknown; details?: string } = {},
  ) {
    return new SanctionsListRefusedError(reason, message, more);
  }

  parser.on('error', (error) => {
    if (!rootOpened)
      throw refuse('foreign', `${sourceFile} is not an OFAC advanced XML list: it is not XML.`, { cause: error });
    throw refuse('corrupt', `${sourceFile} is not well-formed XML.`, { cause: error });
  });

  parser.on('text', (value) => {
    if (text !== null) text += value;
  });

  parser.on('opentag', (tag) => {
    depth++;
    const { name, attributes } = tag as SaxesTagPlain;
    if (depth === 1) {
      rootOpened = true;
      if (name !== 'Sanctions' || !ofacNamespaces.has(attributes.xmlns ?? ''))
        throw refuse('foreign', `${sourceFile} is not an OFAC advanced XML list.`, {
          details: `its root element is <${name}${attributes.xmlns ? ` xmlns="${attributes.xmlns}"` : ''}>, not <Sanctions xmlns="${[...ofacNamespaces][0]}">`,
        });
      return;
    }
    if (depth === 2) {
      section = name;
      return;
    }
    switch (section) {
      case 'DateOfIssue':
        if (depth === 3 && (name === 'Year' || name === 'Month' || name === 'Day')) text = '';
        return;
      case 'ReferenceValueSets':
        if (name === 'FeatureType' || name === 'NamePartType' || name === 'SanctionsType' || name === 'DocNameStatus') {
          referenceId = attributes.ID ?? '';
          text = '';
        }
        return;
      case 'DistinctParties':
        openInParties(name, attributes);
        return;
      case 'SanctionsEntries':
        openInEntries(name, attributes);
        return;
    }
  });

  parser.on('closetag', (tag) => {
    const { name } = tag as SaxesTagPlain;
    if (depth === 1) rootClosed = true;
    else if (depth === 2) section = '';
    else if (section === 'DistinctParties') closeInParties(name);
    else if (section === 'SanctionsEntries') closeInEntries(name);
    else if (text !== null) {
      const value = text.trim();
      text = null;
      if (section === 'DateOfIssue') dateOfIssue[name as keyof typeof dateOfIssue] = value;
      else if (name === 'FeatureType') {
        if (value.startsWith(digitalCurrencyPrefix))
          digitalCurrencyTickers.set(referenceId, value.slice(digitalCurrencyPrefix.length).trim());
      } else if (name === 'NamePartType') namePartTypes.set(referenceId, value);
      else if (name === 'SanctionsType' && value === 'Program') programSanctionsTypeId = referenceId;
      else if (name === 'DocNameStatus' && value === 'Primary Latin') primaryLatinStatusId = referenceId;
    }
    depth--;
  });

  function openInParties(name: string, attributes: Record<string, string>) {
    switch (name) {
      case 'Profile':
        profileId = attributes.ID ?? '';
        profileName = null;
        profileNameFromPrimaryIdentity = false;
        profileAddresses = [];
        return;
      case 'Identity':
        identityPrimary = attributes.Primary === 'true';
        identityGroupTypes = new Map();
        identityBestParts = [];
        identityBestRank = -1;
        return;
      case 'Alias':
        aliasPrimary = attributes.Primary === 'true';
        return;
      case 'DocumentedName': {
        // The name to show is the primary alias's primary-Latin spelling; anything else only stands in for it.
        const rank = (aliasPrimary ? 2 : 0) + (attributes.DocNameStatusID === primaryLatinStatusId ? 1 : 0);
        if (rank > identityBestRank) {
          documentedNameParts = [];
          documentedNameRank = rank;
        }
        return;
      }
      case 'NamePartValue':
        if (documentedNameParts) {
          namePartGroupId = attributes.NamePartGroupID ?? '';
          text = '';
        }
        return;
      case 'NamePartGroup':
        identityGroupTypes.set(attributes.ID ?? '', attributes.NamePartTypeID ?? '');
        return;
      case 'Feature':
        featureTicker = digitalCurrencyTickers.get(attributes.FeatureTypeID ?? '');
        return;
      case 'VersionDetail':
        if (featureTicker !== undefined) text = '';
        return;
    }
  }

  function closeInParties(name: string) {
    switch (name) {
      case 'NamePartValue':
        if (documentedNameParts && text !== null) {
          const value = text.trim();
          if (value) documentedNameParts.push({ groupId: namePartGroupId, value });
        }
        text = null;
        return;
      case 'DocumentedName':
        if (documentedNameParts) {
          identityBestParts = documentedNameParts;
          identityBestRank = documentedNameRank;
          documentedNameParts = null;
        }
        return;
      case 'Identity':
        if (!profileNameFromPrimaryIdentity && (identityPrimary || profileName === null)) {
          profileName = formatName(identityBestParts, identityGroupTypes);
          profileNameFromPrimaryIdentity = identityPrimary;
        }
        return;
      case 'VersionDetail':
        if (featureTicker !== undefined && text !== null) {
          const listedAddress = text.trim();
          if (listedAddress) profileAddresses.push({ ticker: featureTicker, listedAddress });
        }
        text = null;
        return;
      case 'Feature':
        featureTicker = undefined;
        return;
      case 'Profile':
        if (profileAddresses.length > 0) closeProfileWithAddresses();
        return;
    }
  }

  function closeProfileWithAddresses() {
    const id = Number(profileId);
    const entity = profileName || `(unnamed profile ${profileId})`;
    profileNames.set(id, entity);
    programsByProfile.set(profileId, new Set());
    for (const { ticker, listedAddress } of profileAddresses) {
      const address = normalizeAddress(listedAddress);
      const key = `${ticker}\u0000${address}`;
      const listed = addressesByKey.get(key);
      if (!listed) {
        addressesByKey.set(key, { ticker, address, listedAddress, entity, programs: [], profileIds: [id] });
      } else if (!listed.profileIds.includes(id)) {
        // The same address filed under the same ticker by two parties (it happens: shared exchange wallets).
        listed.profileIds.push(id);
        listed.entity = `${listed.entity}; ${entity}`;
      }
    }
  }

  function formatName(parts: NamePart[], groupTypes: Map<string, string>): string {
    const last: string[] = [];
    const rest: string[] = [];
    for (const part of parts) {
      const type = namePartTypes.get(groupTypes.get(part.groupId) ?? '');
      (type === 'Last Name' ? last : rest).push(part.value);
    }
    // OFAC writes individuals `LAST, First Middle`, as on its published SDN list.
    if (last.length > 0 && rest.length > 0) return `${last.join(' ')}, ${rest.join(' ')}`;
    return [...last, ...rest].join(' ');
  }

  function openInEntries(name: string, attributes: Record<string, string>) {
    if (name === 'SanctionsEntry') {
      const id = attributes.ProfileID ?? '';
      entryProfileId = programsByProfile.has(id) ? id : null;
    } else if (entryProfileId !== null) {
      if (name === 'SanctionsMeasure') inProgramMeasure = attributes.SanctionsTypeID === programSanctionsTypeId;
      else if (name === 'Comment' && inProgramMeasure) text = '';
    }
  }

  function closeInEntries(name: string) {
    if (name === 'Comment' && text !== null) {
      const program = text.trim();
      text = null;
      if (program && entryProfileId !== null) programsByProfile.get(entryProfileId)?.add(program);
    } else if (name === 'SanctionsMeasure') inProgramMeasure = false;
    else if (name === 'SanctionsEntry') entryProfileId = null;
  }

  return {
    refuse,
    addressCount: () => addressesByKey.size,
    write(chunk: string) {
      if (chunk) parser.write(chunk);
    },
    finish(): Pick<OfacList, 'publishedOn' | 'addresses' | 'byTicker'> {
      if (!rootOpened)
        throw refuse('foreign', `${sourceFile} is not an OFAC advanced XML list: it has no XML element.`);
      if (!rootClosed)
        throw refuse('truncated', `${sourceFile} is truncated: the XML ends before </Sanctions>.`, {
          details: `it ends inside <${section || 'Sanctions'}> after ${depth} open elements`,
        });
      parser.close();
      const { Year, Month, Day } = dateOfIssue;
      if (!/^\d{4}$/.test(Year) || !/^\d{1,2}$/.test(Month) || !/^\d{1,2}$/.test(Day))
        throw refuse('corrupt', `${sourceFile} has no valid <DateOfIssue>.`);
      const publishedOn = `${Year}-${Month.padStart(2, '0')}-${Day.padStart(2, '0')}`;
      if (addressesByKey.size === 0)
        throw refuse('empty', `${sourceFile} lists no digital-currency address.`, {
          details:
            digitalCurrencyTickers.size === 0
              ? `it defines no "${digitalCurrencyPrefix}…" feature type`
              : `none of its ${digitalCurrencyTickers.size} digital-currency feature types is used`,
        });
      const byTicker: Record<string, number> = {};
      const addresses = [...addressesByKey.values()];
      for (const listed of addresses) {
        const programs = new Set<string>();
        for (const id of listed.profileIds) for (const p of programsByProfile.get(String(id)) ?? []) programs.add(p);
        listed.programs = [...programs].sort();
        byTicker[listed.ticker] = (byTicker[listed.ticker] ?? 0) + 1;
      }
      return { publishedOn, addresses, byTicker };
    },
  };
}
