import { type Kysely, type Selectable, sql } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { ConflictError, ValidationError } from '../../errors/BaseError.js';
import { isEvmAddress, normalizeAddress } from './normalizeAddress.js';
import type { Bzip2Decompressor } from './openListFile.js';
import { type ListedAddress, type OfacListProgress, parseOfacList } from './parseOfacList.js';
import { SanctionsListMissingError } from './SanctionsListMissingError.js';
import type { SanctionsListVersionsTable } from './SanctionsTables.js';

export type CreateSanctionsListParameters = { db: Kysely<Tables> };

/** One loaded list, with what its load changed. */
export type SanctionsListVersion = {
  /** `YYYY-MM-DD.` + 12 hex digits of the sha256, e.g. `2025-11-19.36c517bd264d`. */
  id: string;
  publishedOn: string;
  /** sha256 of the unpacked XML. */
  sha256: string;
  sourceFile: string;
  loadedAt: Date;
  /** When a later list replaced it; null for the list in force. */
  supersededAt: Date | null;
  addressCount: number;
  tickerCount: number;
  byTicker: Record<string, number>;
  added: number;
  removed: number;
  changed: number;
};

/** The answer to "is this address sanctioned?"; the JSON the CLI and API print. */
export type SanctionsCheck = {
  /** The address as asked. */
  address: string;
  sanctioned: boolean;
  /** The ticker the list files it under (the first in the file when it is filed under several), or null. */
  ticker: string | null;
  /** The listed party's name (`LAST, First` for individuals), or null. */
  entity: string | null;
  programs: string[];
  /** Id of the list version that answered. */
  listVersion: string;
};

export type SanctionsListChange = {
  change: 'added' | 'removed' | 'changed';
  ticker: string;
  address: string;
  listedAddress: string;
  entity: string;
  programs: string[];
};

export type SanctionsLoadProgress = OfacListProgress & { phase: 'reading' | 'storing' };

export type LoadSanctionsListParameters = {
  /** Path of the OFAC SDN advanced XML, plain or bzip2 (told apart by content, not by name). */
  file: string;
  onProgress?: ((progress: SanctionsLoadProgress) => void) | undefined;
  decompressor?: Bzip2Decompressor | undefined;
  /** Accept a list published before the one in force (a deliberate rollback); refused otherwise. */
  allowOlder?: boolean | undefined;
};

export type LoadSanctionsListReturnType = {
  /** `unchanged`: this very file (same sha256) is already the list in force, and nothing was written. */
  status: 'loaded' | 'unchanged';
  message: string;
  version: SanctionsListVersion;
  added: number;
  removed: number;
  changed: number;
  total: number;
  byTicker: Record<string, number>;
};

export type SanctionsList = ReturnType<typeof createSanctionsList>;

type Screening = { version: SanctionsListVersion | null; index: Map<string, Listing> };
type Listing = { ticker: string; entity: string; programs: string[] };

const insertBatchRows = 500;

/**
 * Sanctions screening against the OFAC SDN list's digital-currency addresses. The database holds the list in force
 * and every earlier version's diff; checks answer from an in-memory index of it, rebuilt after each load.
 * @example
 * const sanctionsList = createSanctionsList({ db })
 * await sanctionsList.load({ file: 'sdn_advanced.xml.bz2' })
 * await sanctionsList.check('0x098B716B8Aaf21512996dC57EB0615e2383E2f96') // { sanctioned: true, entity: 'Lazarus Group', … }
 */
export function createSanctionsList({ db }: CreateSanctionsListParameters) {
  let screening: Screening | undefined;
  let screeningLoad: Promise<Screening> | undefined;

  async function readScreening(): Promise<Screening> {
    const versionRow = await db
      .selectFrom('sanctions_list_versions')
      .selectAll()
      .where('superseded_at', 'is', null)
      .executeTakeFirst();
    const index = new Map<string, Listing>();
    if (!versionRow) return { version: null, index };
    const rows = await db
      .selectFrom('sanctioned_addresses')
      .select(['ticker', 'address', 'entity', 'programs'])
      .orderBy('position')
      .execute();
    for (const row of rows) {
      const listing = index.get(row.address);
      if (!listing) {
        index.set(row.address, { ticker: row.ticker, entity: row.entity, programs: row.programs });
        continue;
      }
      // Filed under several tickers (ETH, USDT and USDC for one EVM account): one answer with every party and program.
      if (!listing.entity.split('; ').includes(row.entity)) listing.entity = `${listing.entity}; ${row.entity}`;
      listing.programs = [...new Set([...listing.programs, ...row.programs])].sort();
    }
    return { version: toVersion(versionRow), index };
  }

  /** The index, read from the database on first use. */
  async function currentScreening(): Promise<Screening> {
    if (screening) return screening;
    screeningLoad ??= readScreening().then(
      (read) => {
        screening = read;
        return read;
      },
      (error: unknown) => {
        screeningLoad = undefined;
        throw error;
      },
    );
    return screeningLoad;
  }

  async function refresh(): Promise<void> {
    const read = await readScreening();
    screening = read;
    screeningLoad = Promise.resolve(read);
  }

  return {
    /**
     * Loads an OFAC SDN advanced XML file and puts it in force in one transaction, recording what it added, removed
     * and changed. A refused file (truncated, foreign, no address) leaves the list in force as it was; the same file
     * again is a no-op that says so.
     * @example await sanctionsList.load({ file: '/data/sdn_advanced.xml.bz2', onProgress: (p) => log(p) })
     */
    async load(parameters: LoadSanctionsListParameters): Promise<LoadSanctionsListReturnType> {
      const { file, onProgress, decompressor, allowOlder = false } = parameters;
      const list = await parseOfacList({
        file,
        decompressor,
        onProgress: onProgress && ((progress) => onProgress({ ...progress, phase: 'reading' })),
      });
      onProgress?.({
        bytesRead: 0,
        bytesTotal: 0,
        xmlBytes: list.xmlBytes,
        addresses: list.addresses.length,
        phase: 'storing',
      });
      const id = `${list.publishedOn}.${list.sha256.slice(0, 12)}`;

      const outcome = await db.transaction().execute(async (trx) => {
        // Two loads at once would both read the same list in force; the second waits and then sees the first's.
        await sql`lock table sanctions_list_versions in share row exclusive mode`.execute(trx);
        const inForce = await trx
          .selectFrom('sanctions_list_versions')
          .selectAll()
          .where('superseded_at', 'is', null)
          .executeTakeFirst();
        if (inForce?.sha256 === list.sha256) return { status: 'unchanged' as const, versionRow: inForce, diff: null };
        const earlier = await trx
          .selectFrom('sanctions_list_versions')
          .select(['id', 'superseded_at'])
          .where('sha256', '=', list.sha256)
          .executeTakeFirst();
        if (earlier)
          throw new ConflictError(`${list.sourceFile} was loaded before as list ${earlier.id} and later replaced.`, {
            code: 'sanctions-list-superseded',
            field: 'file',
            details: `The list in force is ${inForce?.id ?? 'none'}; an earlier list cannot be put back in force by loading it again.`,
          });
        if (inForce && list.publishedOn < inForce.published_on && !allowOlder)
          throw new ConflictError(
            `${list.sourceFile} was published on ${list.publishedOn}, before the list in force (${inForce.published_on}).`,
            {
              code: 'sanctions-list-older',
              field: 'file',
              details: 'Loading it would drop newer designations; pass allowOlder to roll back on purpose.',
            },
          );

        const previous = await trx
          .selectFrom('sanctioned_addresses')
          .select(['ticker', 'address', 'listed_address', 'entity', 'programs'])
          .execute();
        const diff = diffLists(previous, list.addresses);

        if (inForce)
          await trx
            .updateTable('sanctions_list_versions')
            .set({ superseded_at: sql<Date>`now()` })
            .where('id', '=', inForce.id)
            .execute();
        const versionRow = await trx
          .insertInto('sanctions_list_versions')
          .values({
            id,
            published_on: list.publishedOn,
            sha256: list.sha256,
            source_file: list.sourceFile,
            address_count: list.addresses.length,
            ticker_count: Object.keys(list.byTicker).length,
            by_ticker: JSON.stringify(list.byTicker),
            added_count: diff.added,
            removed_count: diff.removed,
            changed_count: diff.changed,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.deleteFrom('sanctioned_addresses').execute();
        const addressRows = list.addresses.map((listed, position) => ({
          ticker: listed.ticker,
          address: listed.address,
          listed_address: listed.listedAddress,
          entity: listed.entity,
          programs: listed.programs,
          profile_ids: listed.profileIds,
          version_id: id,
          position,
        }));
        for (let i = 0; i < addressRows.length; i += insertBatchRows)
          await trx
            .insertInto('sanctioned_addresses')
            .values(addressRows.slice(i, i + insertBatchRows))
            .execute();
        const changeRows = diff.changes.map((change) => ({ version_id: id, ...change }));
        for (let i = 0; i < changeRows.length; i += insertBatchRows)
          await trx
            .insertInto('sanctions_list_changes')
            .values(changeRows.slice(i, i + insertBatchRows))
            .execute();
        return { status: 'loaded' as const, versionRow, diff };
      });

      const version = toVersion(outcome.versionRow);
      if (outcome.status === 'unchanged') {
        // Another process may have loaded it; the index catches up either way.
        if (screening?.version?.id !== version.id) await refresh();
        return {
          status: 'unchanged',
          message: `${list.sourceFile} is already the list in force (${version.id}); nothing changed.`,
          version,
          added: 0,
          removed: 0,
          changed: 0,
          total: version.addressCount,
          byTicker: version.byTicker,
        };
      }
      await refresh();
      return {
        status: 'loaded',
        message: `Loaded ${list.sourceFile} (${version.id}): ${version.addressCount} addresses, ${version.added} added, ${version.removed} removed, ${version.changed} changed.`,
        version,
        added: version.added,
        removed: version.removed,
        changed: version.changed,
        total: version.addressCount,
        byTicker: version.byTicker,
      };
    },

    /**
     * Screens one address against the list in force: EVM addresses in any letter case, others exactly as written.
     * Throws `SanctionsListMissingError` when no list was ever loaded (screening never answers "clean" blind).
     * @example await sanctionsList.check('0x098b716b8aaf21512996dc57eb0615e2383e2f96')
     */
    async check(address: string): Promise<SanctionsCheck> {
      if (typeof address !== 'string' || address.trim() === '')
        throw new ValidationError('An address to screen is required.', { field: 'address' });
      const { version, index } = screening ?? (await currentScreening());
      if (!version) throw new SanctionsListMissingError();
      const listing = index.get(normalizeAddress(address));
      if (!listing)
        return { address, sanctioned: false, ticker: null, entity: null, programs: [], listVersion: version.id };
      return {
        address,
        sanctioned: true,
        ticker: listing.ticker,
        entity: listing.entity,
        programs: [...listing.programs],
        listVersion: version.id,
      };
    },

    /**
     * A synchronous test against the list in force as it is now, for filtering many addresses at once: the same
     * answer as `check(address).sanctioned`, without building an answer for each clean address.
     */
    async listed(): Promise<(address: string) => boolean> {
      const { version, index } = screening ?? (await currentScreening());
      if (!version) throw new SanctionsListMissingError();
      return (address) => index.has(normalizeAddress(address));
    },

    /** The list in force, or null before the first load. */
    async currentVersion(): Promise<SanctionsListVersion | null> {
      return (await currentScreening()).version;
    },

    /** Every EVM address of the list in force, lowercased and sorted: what an on-chain deny-list oracle mirrors. */
    async evmAddresses(): Promise<`0x${string}`[]> {
      const { index } = await currentScreening();
      return [...index.keys()].filter(isEvmAddress).sort() as `0x${string}`[];
    },

    /** Every list loaded, newest first. */
    async history(): Promise<SanctionsListVersion[]> {
      const rows = await db
        .selectFrom('sanctions_list_versions')
        .selectAll()
        .orderBy('loaded_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toVersion);
    },

    /** What the load of `versionId` added, removed and changed. */
    async changes(versionId: string): Promise<SanctionsListChange[]> {
      const rows = await db
        .selectFrom('sanctions_list_changes')
        .select(['change', 'ticker', 'address', 'listed_address', 'entity', 'programs'])
        .where('version_id', '=', versionId)
        .orderBy('change')
        .orderBy('ticker')
        .orderBy('address')
        .execute();
      return rows.map(({ listed_address, ...row }) => ({ ...row, listedAddress: listed_address }));
    },

    /** Re-reads the list in force from the database (after another process loaded one). */
    refresh,
  };
}

function toVersion(row: Selectable<SanctionsListVersionsTable>): SanctionsListVersion {
  return {
    id: row.id,
    publishedOn: row.published_on,
    sha256: row.sha256,
    sourceFile: row.source_file,
    loadedAt: row.loaded_at,
    supersededAt: row.superseded_at,
    addressCount: row.address_count,
    tickerCount: row.ticker_count,
    byTicker: row.by_ticker,
    added: row.added_count,
    removed: row.removed_count,
    changed: row.changed_count,
  };
}

type StoredAddress = { ticker: string; address: string; listed_address: string; entity: string; programs: string[] };
type ChangeRow = {
  change: SanctionsListChange['change'];
  ticker: string;
  address: string;
  listed_address: string;
  entity: string;
  programs: string[];
};

/** Added, removed and changed addresses between the list in force and the new one, keyed by ticker and address. */
function diffLists(previous: StoredAddress[], next: ListedAddress[]) {
  const key = (ticker: string, address: string) => `${ticker}\u0000${address}`;
  const before = new Map(previous.map((row) => [key(row.ticker, row.address), row]));
  const changes: ChangeRow[] = [];
  let added = 0;
  let changed = 0;
  for (const listed of next) {
    const k = key(listed.ticker, listed.address);
    const old = before.get(k);
    before.delete(k);
    const row = {
      ticker: listed.ticker,
      address: listed.address,
      listed_address: listed.listedAddress,
      entity: listed.entity,
      programs: listed.programs,
    };
    if (!old) {
      changes.push({ change: 'added', ...row });
      added++;
    } else if (old.entity !== listed.entity || old.programs.join('\n') !== listed.programs.join('\n')) {
      changes.push({ change: 'changed', ...row });
      changed++;
    }
  }
  for (const old of before.values()) changes.push({ change: 'removed', ...old });
  return { changes, added, removed: before.size, changed };
}
