/**
 * Days of transfer history held in memory for screening unless told otherwise (TANDEM_RISK_HISTORY_DAYS): over a
 * year, well past the default 90-day lookback; a company whose thresholds look further back has its windows read
 * from the database. On its own so that the configuration can name it without loading the history index.
 */
export const defaultHistoryDays = 400;
