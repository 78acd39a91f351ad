import type { Command } from 'commander';
import { type Config, type ConfigOverrides, loadConfig } from '../config/loadConfig.js';

/** The configuration for a command: global flags (--data-dir), the command's own flags, the environment. */
export function commandConfig(command: Command, overrides: ConfigOverrides = {}): Config {
  const globals = command.optsWithGlobals() as { dataDir?: string };
  return loadConfig({ dataDir: globals.dataDir, ...overrides });
}
