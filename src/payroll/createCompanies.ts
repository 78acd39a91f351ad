import { type Kysely, sql } from 'kysely';
import type { AuditLog } from '../compliance/createAuditLog.js';
import type { Tables } from '../db/Tables.js';
import { ConflictError, NotFoundError } from '../errors/BaseError.js';
import { type Company, toCompany } from './Company.js';
import { isUniqueViolation } from './isUniqueViolation.js';
import { type CompanyInput, type CompanyPatch, type CompanyValues, parseCompanyInput } from './parseCompanyInput.js';

export type CreateCompaniesParameters = { db: Kysely<Tables>; audit: AuditLog };

/** Who asked for a change, as the audit trail records it (`key:<id>`, `cli:local`). */
export type ChangeContext = { actor: string };

export type Companies = {
  create(input: CompanyInput, context: ChangeContext): Promise<Company>;
  get(id: string): Promise<Company>;
  list(parameters?: { limit?: number | undefined; offset?: number | undefined }): Promise<Company[]>;
  update(id: string, patch: CompanyPatch, context: ChangeContext): Promise<Company>;
};

/**
 * Companies that run payroll: created and changed only through checked input, each change recorded in the audit
 * trail in the same transaction.
 * @example const companies = createCompanies({ db, audit }); await companies.create({ legalName: 'Acme', … }, { actor })
 */
export function createCompanies({ db, audit }: CreateCompaniesParameters): Companies {
  const get = async (id: string, executor: Kysely<Tables> = db, lock = false): Promise<Company> => {
    let query = executor.selectFrom('companies').selectAll().where('id', '=', id);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw new NotFoundError(`No company with id ${id}`, { field: 'id' });
    return toCompany(row);
  };

  return {
    async create(input, { actor }) {
      const values = parseCompanyInput(input);
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('companies')
            .values({ ...toRow(values), id: values.id, base_currency: values.baseCurrency })
            .returningAll()
            .executeTakeFirstOrThrow();
          const company = toCompany(row);
          await audit.append(
            { actor, action: 'company.create', subject: `company:${company.id}`, data: auditView(values) },
            trx,
          );
          return company;
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`A company with id ${values.id} exists already`, { field: 'id' });
        throw error;
      }
    },

    get: (id) => get(id),

    async list({ limit = 100, offset = 0 } = {}) {
      const rows = await db.selectFrom('companies').selectAll().orderBy('id').limit(limit).offset(offset).execute();
      return rows.map(toCompany);
    },

    async update(id, patch, { actor }) {
      return db.transaction().execute(async (trx) => {
        const current = await get(id, trx, true);
        const next = parseCompanyInput({
          ...current,
          ...definedOnly(patch),
          id: current.id,
          baseCurrency: current.baseCurrency,
        });
        const removed = current.cryptoAssets.filter((asset) => !next.cryptoAssets.includes(asset));
        if (removed.length > 0) {
          const users = await trx
            .selectFrom('employees')
            .select('employee_id')
            .where('company_id', '=', id)
            .where((eb) => eb.or(removed.map((asset) => sql<boolean>`split @> ${JSON.stringify([{ asset }])}::jsonb`)))
            .limit(5)
            .execute();
          if (users.length > 0)
            throw new ConflictError(`Employees are paid in ${removed.join(', ')}; change their splits first`, {
              field: 'cryptoAssets',
              details: `For example: ${users.map((user) => user.employee_id).join(', ')}.`,
            });
        }
        const changes = diff(auditView(current), auditView(next));
        if (Object.keys(changes).length === 0) return current;
        const row = await trx
          .updateTable('companies')
          .set({ ...toRow(next), updated_at: new Date() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.append({ actor, action: 'company.update', subject: `company:${id}`, data: { changes } }, trx);
        return toCompany(row);
      });
    },
  };
}

function toRow(values: CompanyValues) {
  return {
    legal_name: values.legalName,
    country: values.country,
    lei: values.lei,
    iban: values.iban,
    bic: values.bic,
    vault_chain_id: values.vault ? BigInt(values.vault.chainId) : null,
    vault_address: values.vault?.address ?? null,
    tax_profile_id: values.taxProfileId,
    approvers: JSON.stringify(values.approvers),
    approval_threshold: values.approvalThreshold,
    crypto_assets: JSON.stringify(values.cryptoAssets),
  };
}

/** The company's fields as the audit trail records them (plain JSON). */
function auditView(values: CompanyValues): Record<string, unknown> {
  return {
    legalName: values.legalName,
    country: values.country,
    lei: values.lei,
    iban: values.iban,
    bic: values.bic,
    baseCurrency: values.baseCurrency,
    vault: values.vault,
    taxProfileId: values.taxProfileId,
    approvers: values.approvers,
    approvalThreshold: values.approvalThreshold,
    cryptoAssets: values.cryptoAssets,
  };
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after))
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { from: before[key], to: after[key] };
  return changes;
}

function definedOnly<T extends object>(patch: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
