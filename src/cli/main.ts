import { Command, CommanderError } from 'commander';
import { BaseError } from '../errors/BaseError.js';
import { registerApiKeyCommands } from './commands/apiKeyCommands.js';
import { registerCaseCommands } from './commands/caseCommands.js';
import { registerCompanyCommands } from './commands/companyCommands.js';
import { registerDemoCommands } from './commands/demoCommands.js';
import { registerDemoNetworkCommand } from './commands/demoNetworkCommand.js';
import { registerEmployeeCommands } from './commands/employeeCommands.js';
import { registerKeyCommands } from './commands/keyCommands.js';
import { registerLedgerCommands } from './commands/ledgerCommands.js';
import { registerNetworkCommands } from './commands/networkCommands.js';
import { registerNetworkRegistryCommands } from './commands/networkRegistryCommands.js';
import { registerPayrollCommands } from './commands/payrollCommands.js';
import { registerRiskCommands } from './commands/riskCommands.js';
import { registerSanctionsCommands } from './commands/sanctionsCommands.js';
import { registerStartCommand } from './commands/startCommand.js';
import { registerStatusCommand } from './commands/statusCommand.js';
import { registerUserCommands } from './commands/userCommands.js';

/** `tandem …`: builds the command tree and turns any error into a clear message and a non-zero exit code. */
export async function main(argv: string[]) {
  const program = new Command('tandem')
    .description('Tandem: payroll in fiat and crypto, a risk engine, a ledger and the open fraud-model network.')
    .option('--data-dir <path>', 'data folder (default ./.tandem, or TANDEM_DATA_DIR)')
    .showHelpAfterError()
    .exitOverride();

  registerStartCommand(program);
  registerStatusCommand(program);
  registerKeyCommands(program);
  registerApiKeyCommands(program);
  registerLedgerCommands(program);
  registerSanctionsCommands(program);
  registerRiskCommands(program);
  registerCaseCommands(program);
  registerCompanyCommands(program);
  registerEmployeeCommands(program);
  registerNetworkCommands(program);
  registerPayrollCommands(program);
  registerDemoCommands(program);
  registerUserCommands(program);
  registerNetworkRegistryCommands(program);
  registerDemoNetworkCommand(program);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof BaseError) {
    process.stderr.write(`Error: ${error.shortMessage}\n`);
    if (error.details) process.stderr.write(`  ${error.details}\n`);
    if (error.field) process.stderr.write(`  (field: ${error.field})\n`);
    if (process.env.TANDEM_DEBUG && error.cause)
      process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return 1;
  }
  process.stderr.write(`Error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
