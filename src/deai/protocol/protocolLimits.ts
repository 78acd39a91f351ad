/** Bounds every node and coordinator enforces on messages before looking inside them. */
export type ProtocolLimits = {
  /** Largest message, in bytes of its JSON text. */
  maxBodyBytes: number;
  /** Most 64-bit entries in one masked vector. */
  maxVectorEntries: number;
  /** How far a message's timestamp may be from the receiver's clock. */
  maxClockSkewMs: number;
  /** Most members of one aggregation epoch. */
  maxMembers: number;
};

export const defaultProtocolLimits: ProtocolLimits = {
  maxBodyBytes: 48 * 1024 * 1024,
  maxVectorEntries: 4 * 1024 * 1024,
  maxClockSkewMs: 5 * 60 * 1000,
  maxMembers: 256,
};
