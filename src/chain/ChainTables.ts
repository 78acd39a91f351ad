import type { ColumnType, Generated } from 'kysely';

/** numeric(78,0) columns: written as bigint or string, read as string (parsed to bigint by the repository code). */
type Uint256 = ColumnType<string, bigint | string, bigint | string>;

export type OutboxStatus = 'pending' | 'signed' | 'sent' | 'confirmed' | 'reverted' | 'failed';

export type ChainOutboxTable = {
  id: string;
  idempotency_key: string;
  chain_id: number;
  from_address: string;
  to_address: string | null;
  data: string;
  value: Uint256;
  purpose: string;
  metadata: ColumnType<unknown, string, string>;
  status: OutboxStatus;
  nonce: bigint | null;
  gas_limit: Uint256 | null;
  max_fee_per_gas: Uint256 | null;
  max_priority_fee_per_gas: Uint256 | null;
  signed_raw: string | null;
  tx_hash: string | null;
  block_number: bigint | null;
  gas_used: Uint256 | null;
  attempts: Generated<number>;
  error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ChainIndexerBlocksTable = {
  chain_id: number;
  block_number: bigint;
  block_hash: string;
  parent_hash: string;
};

export type ChainEventsTable = {
  chain_id: number;
  block_number: bigint;
  block_hash: string;
  tx_hash: string;
  log_index: number;
  address: string;
  event_name: string;
  args: ColumnType<unknown, string, string>;
};

export type ChainTables = {
  chain_outbox: ChainOutboxTable;
  chain_indexer_blocks: ChainIndexerBlocksTable;
  chain_events: ChainEventsTable;
};
