import { sql } from 'kysely';
import { ValidationError } from '../errors/BaseError.js';
import type { LedgerContext } from './LedgerContext.js';
import { type EntryRow, entryColumns, type LedgerEntry } from './LedgerEntry.js';
import { assertIsoDate, assertText, assertUuid } from './ledgerInput.js';
import { readEntries } from './readEntries.js';
import { toLedgerError } from './toLedgerError.js';

export type JournalParameters = {
  companyId: string;
  /** Only entries with a posting on this account. */
  accountId?: string | undefined;
  /** Only entries effective on or after this day, `YYYY-MM-DD`. */
  from?: string | undefined;
  /** Only entries effective on or before this day, `YYYY-MM-DD`. */
  to?: string | undefined;
  /** Page size, 1 to 1,000; 100 by default. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
};

export type JournalReturnType = {
  /** Ordered by effective date, then by the order they were written. */
  entries: LedgerEntry[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor: string | undefined;
};

/**
 * A page of a company's journal, with filters; pages are stable while entries are added (keyset paging).
 * @example for (let cursor; ; ) { const page = await ledger.journal({ companyId, cursor }); …; if (!(cursor = page.nextCursor)) break }
 */
export async function journal(context: LedgerContext, parameters: JournalParameters): Promise<JournalReturnType> {
  const { companyId, accountId, from, to, limit = 100, cursor } = parameters;
  assertText(companyId, 'companyId', 200);
  if (accountId !== undefined) assertUuid(accountId, 'accountId');
  if (from !== undefined) assertIsoDate(from, 'from');
  if (to !== undefined) assertIsoDate(to, 'to');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new ValidationError('limit must be a whole number from 1 to 1,000.', { field: 'limit' });
  const after = cursor === undefined ? undefined : decodeCursor(cursor);

  const conditions = [sql`e.company_id = ${companyId}`];
  if (from !== undefined) conditions.push(sql`e.effective_date >= ${from}::text::date`);
  if (to !== undefined) conditions.push(sql`e.effective_date <= ${to}::text::date`);
  if (after)
    conditions.push(sql`(e.effective_date, e.seq) > (${after.date}::text::date, ${after.sequence}::text::bigint)`);
  if (accountId !== undefined)
    conditions.push(
      sql`exists (select 1 from ledger_postings p where p.entry_id = e.id and p.account_id = ${accountId})`,
    );
  try {
    const { rows } = await sql<EntryRow>`
      select ${sql.raw(entryColumns)} from ledger_entries e
      where ${sql.join(conditions, sql` and `)}
      order by e.effective_date, e.seq
      limit ${limit + 1}`.execute(context.db);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      entries: await readEntries(context, page),
      nextCursor: rows.length > limit && last ? encodeCursor(last.effective_date, last.seq) : undefined,
    };
  } catch (error) {
    throw toLedgerError(error);
  }
}

function encodeCursor(date: string, sequence: string): string {
  return Buffer.from(`${date}/${sequence}`).toString('base64url');
}

function decodeCursor(cursor: string): { date: string; sequence: string } {
  const match = /^(\d{4}-\d{2}-\d{2})\/(\d{1,19})$/.exec(Buffer.from(String(cursor), 'base64url').toString());
  if (!match) throw new ValidationError('cursor is not one this journal returned.', { field: 'cursor' });
  return { date: match[1]!, sequence: match[2]! };
}
