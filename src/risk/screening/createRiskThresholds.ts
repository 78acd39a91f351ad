import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { ValidationError } from '../../errors/BaseError.js';
import { canonicalJson } from '../model/canonicalJson.js';
import {
  defaultRiskThresholds,
  mergeThresholds,
  type RiskThresholdOverrides,
  type RiskThresholds,
} from '../rules/RiskThresholds.js';

export type CompanyThresholds = {
  companyId: string | null;
  /** The thresholds in force: the defaults with the company's overrides. */
  thresholds: RiskThresholds;
  /** sha256 of their canonical JSON; decisions name the set they were made with by it (`risk_threshold_sets`). */
  sha256: string;
  /** What the company set; {} when it uses the defaults. */
  overrides: RiskThresholdOverrides;
  updatedAt: Date | null;
  updatedBy: string | null;
};

export type CreateRiskThresholdsParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  /** How long a company's thresholds are reused before being read again (another process may change them). */
  cacheMs?: number | undefined;
};

/**
 * Per-company rule thresholds: the defaults in code, overridden by what a company stored in `risk_thresholds`.
 * Read through a short cache, so screening does not query them on every call.
 */
export function createRiskThresholds({ db, audit, cacheMs = 30_000 }: CreateRiskThresholdsParameters) {
  const cache = new Map<string, { value: CompanyThresholds; at: number }>();
  const recorded = new Set<string>();
  const key = (companyId: string | null) => companyId ?? '';

  async function read(companyId: string | null): Promise<CompanyThresholds> {
    const row = companyId
      ? await db.selectFrom('risk_thresholds').selectAll().where('company_id', '=', companyId).executeTakeFirst()
      : undefined;
    const overrides = (row?.thresholds ?? {}) as RiskThresholdOverrides;
    const thresholds = row ? mergeThresholds(overrides) : defaultRiskThresholds;
    const json = canonicalJson(thresholds);
    const sha256 = createHash('sha256').update(json).digest('hex');
    // Recorded once per distinct set, before any decision can name it.
    if (!recorded.has(sha256)) {
      await db
        .insertInto('risk_threshold_sets')
        .values({ sha256, thresholds: json })
        .onConflict((oc) => oc.doNothing())
        .execute();
      recorded.add(sha256);
    }
    return {
      companyId,
      thresholds,
      sha256,
      overrides,
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.updated_by ?? null,
    };
  }

  return {
    /** The thresholds in force for a company (null: no company, the defaults). */
    async get(companyId: string | null): Promise<CompanyThresholds> {
      const cached = cache.get(key(companyId));
      if (cached && Date.now() - cached.at < cacheMs) return cached.value;
      const value = await read(companyId);
      cache.set(key(companyId), { value, at: Date.now() });
      return value;
    },

    /**
     * Replaces a company's overrides (checked against the whole schema first) and records who did it.
     * @example await riskThresholds.set({ companyId: 'acme', overrides: { velocity: { maxCount: 50 } }, actor: 'key:k1' })
     */
    async set(parameters: {
      companyId: string;
      overrides: RiskThresholdOverrides;
      actor: string;
    }): Promise<CompanyThresholds> {
      const { companyId, overrides, actor } = parameters;
      if (!companyId) throw new ValidationError('A company id is required.', { field: 'companyId' });
      mergeThresholds(overrides);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('risk_thresholds')
          .values({ company_id: companyId, thresholds: JSON.stringify(overrides), updated_by: actor })
          .onConflict((oc) =>
            oc.column('company_id').doUpdateSet({
              thresholds: JSON.stringify(overrides),
              updated_by: actor,
              updated_at: new Date(),
            }),
          )
          .execute();
        await audit.append(
          { actor, action: 'risk.thresholds.set', subject: `company:${companyId}`, data: { overrides } },
          trx,
        );
      });
      cache.delete(key(companyId));
      return this.get(companyId);
    },
  };
}

export type RiskThresholdStore = ReturnType<typeof createRiskThresholds>;
