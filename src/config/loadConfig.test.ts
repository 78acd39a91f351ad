import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from './loadConfig.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'tandem-config-'));

describe('loadConfig', () => {
  test('defaults, then the data folder’s tandem.json, then the environment, then flags', () => {
    const dir = dataDir();
    assert.equal(loadConfig({ dataDir: dir }, {}).payrollMaxQuoteAgeSeconds, 3_600);
    assert.equal(loadConfig({ dataDir: dir }, {}).networkCoordinator, 'on');
    writeFileSync(join(dir, 'tandem.json'), JSON.stringify({ payrollMaxQuoteAgeSeconds: 600, networkPort: 7500 }));
    assert.equal(loadConfig({ dataDir: dir }, {}).payrollMaxQuoteAgeSeconds, 600);
    const environment = { TANDEM_PAYROLL_MAX_QUOTE_AGE_SECONDS: '7200', TANDEM_NETWORK_COORDINATOR: 'off' };
    const config = loadConfig({ dataDir: dir }, environment);
    assert.equal(config.payrollMaxQuoteAgeSeconds, 7_200);
    assert.equal(config.networkCoordinator, 'off');
    assert.equal(config.networkPort, 7_500);
    assert.equal(loadConfig({ dataDir: dir, networkPort: 0 }, environment).networkPort, 0);
    assert.equal(loadConfig({ dataDir: dir }, {}).riskHistoryDays, 400);
    assert.equal(loadConfig({ dataDir: dir }, { TANDEM_RISK_HISTORY_DAYS: '0' }).riskHistoryDays, 0);
  });

  test('a malformed value is refused with the name of its flag or variable', () => {
    assert.throws(
      () => loadConfig({ dataDir: dataDir() }, { TANDEM_PAYROLL_MAX_QUOTE_AGE_SECONDS: 'an hour' }),
      (error: Error & { field?: string }) => {
        assert.equal(error.name, 'ConfigError');
        assert.match(error.message, /payrollMaxQuoteAgeSeconds .*TANDEM_PAYROLL_MAX_QUOTE_AGE_SECONDS/);
        return true;
      },
    );
    assert.throws(
      () => loadConfig({ dataDir: dataDir() }, { TANDEM_RISK_HISTORY_DAYS: '-1' }),
      /riskHistoryDays .*TANDEM_RISK_HISTORY_DAYS/,
    );
    assert.throws(
      () => loadConfig({ dataDir: dataDir() }, { TANDEM_NETWORK_COORDINATOR: 'maybe' }),
      /networkCoordinator .*TANDEM_NETWORK_COORDINATOR/,
    );
  });
});
