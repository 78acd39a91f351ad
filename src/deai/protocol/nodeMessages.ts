import { z } from 'zod';
import { addressSchema } from './envelope.js';

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes in hex');
const sealedSchema = z
  .object({ nonce: z.string().regex(/^[0-9a-f]{48}$/), ciphertext: z.string().regex(/^[0-9a-f]{2,200000}$/) })
  .strict();
const sealedTo = z.array(z.object({ to: addressSchema, sealed: sealedSchema }).strict()).max(256);
const shareText = z.string().regex(/^\d{1,6}:[0-9a-f]{1,131}$/, 'must be a Shamir share x:y');
const step = z.number().int().min(1);
const epoch = z.number().int().min(1);

/** A data contributor's signed claim about the rows it trains with (the on-chain "data commitment"). */
export const dataCommitmentSchema = z
  .object({
    /** sha256 of the party's training CSV bytes. */
    sha256: hex32,
    rows: z.number().int().min(1).max(1e9),
    /** EIP-191 signature of dataCommitmentText(roundId, sha256, rows), verifiable on chain with ecrecover. */
    signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/),
  })
  .strict();

/** A masked vector: the node's contribution to one aggregation step, and its self-mask seed sealed per member. */
export const maskedVectorSchema = z
  .object({
    step,
    epoch,
    /** base64 of the little-endian 64-bit fixed-point words; its length is checked against the step's layout. */
    vector: z.string().max(64 * 1024 * 1024),
    /** Shamir shares of this step's self-mask seed, each sealed to its holder. */
    selfMaskShares: sealedTo,
    /** Shamir shares of this node's pairwise seeds of the next step, a bundle sealed to each holder. */
    nextPairSeedShares: sealedTo,
  })
  .strict();

/** Node → coordinator payloads, by message kind. */
export const nodeMessageSchemas = {
  join: z
    .object({
      role: z.enum(['data', 'compute']),
      dataCommitment: dataCommitmentSchema.optional(),
      software: z.string().max(100),
    })
    .strict(),
  keyAdvertisement: z.object({ epoch, maskPublicKey: hex32, channelPublicKey: hex32 }).strict(),
  keyShares: z
    .object({
      epoch,
      /** Shamir shares of this node's pairwise seeds of the epoch's first step, a bundle sealed to each holder. */
      pairSeedShares: sealedTo,
      /** Only from the epoch's first member: the key rows are fingerprinted with, sealed to each member. */
      groupKey: sealedTo.optional(),
    })
    .strict(),
  fingerprint: z
    .object({
      epoch,
      rows: z.number().int().min(0),
      bottomHashes: z.array(z.string().regex(/^[0-9a-f]{16}$/)).max(1024),
    })
    .strict(),
  vocabulary: z
    .object({
      categories: z
        .array(z.object({ feature: z.string().max(200), values: z.array(z.string().max(200)).max(100_000) }).strict())
        .max(64),
    })
    .strict(),
  countShare: maskedVectorSchema,
  binSketch: maskedVectorSchema,
  histogramShare: maskedVectorSchema,
  unmaskResponse: z
    .object({
      step,
      /** This node's shares of the self-mask seeds of members whose input arrived. */
      selfMaskShares: z.array(z.object({ of: addressSchema, share: shareText }).strict()).max(256),
      /** This node's shares of the step's pairwise seeds between each dropped member and each survivor. */
      pairSeedShares: z
        .array(z.object({ of: addressSchema, peer: addressSchema, share: shareText }).strict())
        .max(256 * 256),
    })
    .strict(),
  computeResult: z
    .object({ jobId: z.string().regex(/^[a-z0-9-]{1,80}$/), resultSha256: hex32, result: z.unknown() })
    .strict(),
  heartbeat: z.object({ status: z.enum(['idle', 'joined', 'training', 'computing']) }).strict(),
} as const;

export type NodeMessageKind = keyof typeof nodeMessageSchemas;
export type NodeMessagePayload<K extends NodeMessageKind> = z.infer<(typeof nodeMessageSchemas)[K]>;
export type MaskedVectorPayload = z.infer<typeof maskedVectorSchema>;
export type DataCommitment = z.infer<typeof dataCommitmentSchema>;

/** The text a party signs to commit to its data for a round. */
export function dataCommitmentText(roundId: string, sha256: string, rows: number): string {
  return `Tandem data commitment v1\nround: ${roundId}\nsha256: ${sha256}\nrows: ${rows}`;
}
