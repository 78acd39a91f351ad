import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Hex, isHex, verifyMessage } from 'viem';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { ValidationError } from '../../errors/BaseError.js';
import type { CounterpartyProofMethod } from '../RiskTables.js';
import { isEvmAddress, normalizeAddress } from '../sanctions/normalizeAddress.js';

export type CounterpartyProof = {
  id: string;
  companyId: string;
  address: string;
  method: CounterpartyProofMethod;
  evidence: Record<string, unknown>;
  verifiedBy: string;
  verifiedAt: Date;
};

export type RecordProofParameters = {
  companyId: string;
  address: string;
  method: CounterpartyProofMethod;
  /**
   * signed-message: `{ message, signature }`, checked here (EIP-191 personal_sign by the address's key);
   * satoshi-test: `{ txHash, amount }` of the small transfer the owner sent back; attestation: `{ note }`.
   */
  evidence: Record<string, unknown>;
  actor: string;
};

/**
 * Proofs that a self-hosted wallet is owned or controlled by the company's counterparty (Transfer of Funds Regulation
 * art. 14(5), 16(2)): what the unhosted-wallet rule asks for above EUR 1,000.
 */
export function createCounterpartyProofs({ db, audit }: { db: Kysely<Tables>; audit: AuditLog }) {
  return {
    /**
     * Records a proof after checking what can be checked: a signed message must recover to the address.
     * @example await proofs.record({ companyId: 'acme', address, method: 'signed-message', evidence: { message, signature }, actor })
     */
    async record(parameters: RecordProofParameters): Promise<CounterpartyProof> {
      const { companyId, method, evidence, actor } = parameters;
      const address = normalizeAddress(parameters.address);
      if (!companyId) throw new ValidationError('A company id is required.', { field: 'companyId' });
      if (method === 'signed-message') {
        const { message, signature } = evidence as { message?: unknown; signature?: unknown };
        if (typeof message !== 'string' || message === '')
          throw new ValidationError('A signed-message proof needs the message.', { field: 'evidence.message' });
        if (typeof signature !== 'string' || !isHex(signature))
          throw new ValidationError('A signed-message proof needs the signature as 0x hex.', {
            field: 'evidence.signature',
          });
        if (!isEvmAddress(address))
          throw new ValidationError('Signed-message proofs are checked for EVM addresses only.', { field: 'address' });
        const valid = await verifyMessage({
          address: address as Hex,
          message,
          signature: signature as Hex,
        }).catch(() => false);
        if (!valid)
          throw new ValidationError(`The signature was not made by ${address}.`, { field: 'evidence.signature' });
      } else if (method === 'satoshi-test') {
        if (typeof evidence.txHash !== 'string' || evidence.txHash === '')
          throw new ValidationError('A satoshi-test proof needs the transaction hash.', { field: 'evidence.txHash' });
      } else if (typeof evidence.note !== 'string' || evidence.note === '')
        throw new ValidationError('An attestation needs a note saying what was checked.', { field: 'evidence.note' });

      const id = randomUUID();
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('counterparty_proofs')
          .values({
            id,
            company_id: companyId,
            address,
            method,
            evidence: JSON.stringify(evidence),
            verified_by: actor,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.append(
          {
            actor,
            action: 'risk.proof.record',
            subject: `counterparty-proof:${id}`,
            data: { companyId, address, method },
          },
          trx,
        );
        return inserted;
      });
      return toProof(row);
    },

    /** The most recent proof for an address of a company, or null. */
    async latest(companyId: string, address: string): Promise<CounterpartyProof | null> {
      const row = await db
        .selectFrom('counterparty_proofs')
        .selectAll()
        .where('company_id', '=', companyId)
        .where('address', '=', normalizeAddress(address))
        .orderBy('verified_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toProof(row) : null;
    },
  };
}

export type CounterpartyProofs = ReturnType<typeof createCounterpartyProofs>;

function toProof(row: {
  id: string;
  company_id: string;
  address: string;
  method: CounterpartyProofMethod;
  evidence: unknown;
  verified_by: string;
  verified_at: Date;
}): CounterpartyProof {
  return {
    id: row.id,
    companyId: row.company_id,
    address: row.address,
    method: row.method,
    evidence: row.evidence as Record<string, unknown>,
    verifiedBy: row.verified_by,
    verifiedAt: row.verified_at,
  };
}
