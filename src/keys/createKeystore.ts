import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { ConfigError, ConflictError, NotFoundError, ValidationError } from '../errors/BaseError.js';
import { decryptKeystoreFile, encryptKeystoreFile, type KeystoreFile } from './keystoreFile.js';

export type CreateKeystoreParameters = {
  /** `<dataDir>/keystore`. */
  folder: string;
  /** From TANDEM_KEYSTORE_PASSWORD; absent only in embedded dev mode, where a generated one is kept in the folder. */
  password?: string | undefined;
  /** Dev mode: allow generating and keeping a password file (never for a real network). */
  allowGeneratedPassword: boolean;
  scryptN?: number | undefined;
};

export type KeystoreEntry = { name: string; address: string };

export type Keystore = ReturnType<typeof createKeystore>;

const namePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Encrypted private keys in the data folder, one Web3 v3 file per named key. Keys never leave it in plain text:
 * callers get a viem account that signs in memory.
 */
export function createKeystore(parameters: CreateKeystoreParameters) {
  const { folder, allowGeneratedPassword, scryptN } = parameters;
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const password = resolvePassword();
  const unlocked = new Map<string, PrivateKeyAccount>();

  function resolvePassword(): string {
    if (parameters.password) return parameters.password;
    const passwordFile = join(folder, '.password');
    if (existsSync(passwordFile)) return readFileSync(passwordFile, 'utf8').trim();
    if (!allowGeneratedPassword)
      throw new ConfigError('TANDEM_KEYSTORE_PASSWORD is not set.', {
        details: 'A keystore for a real network needs a password from the environment; set TANDEM_KEYSTORE_PASSWORD.',
        field: 'TANDEM_KEYSTORE_PASSWORD',
      });
    const generated = randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, `${generated}\n`, { mode: 0o600 });
    return generated;
  }

  function pathOf(name: string) {
    if (!namePattern.test(name))
      throw new ValidationError(`Key name "${name}" is not allowed: use lowercase letters, digits, - and _.`, {
        field: 'name',
      });
    return join(folder, `${name}.json`);
  }

  function write(name: string, privateKey: Hex): KeystoreEntry {
    const path = pathOf(name);
    if (existsSync(path)) throw new ConflictError(`A key named "${name}" already exists.`, { field: 'name' });
    const file = encryptKeystoreFile(privateKey, password, scryptN);
    // Write then rename, so a crash never leaves a half-written key file.
    writeFileSync(`${path}.tmp`, JSON.stringify(file, null, 2), { mode: 0o600 });
    chmodSync(`${path}.tmp`, 0o600);
    renameSync(`${path}.tmp`, path);
    return { name, address: privateKeyToAccount(privateKey).address };
  }

  return {
    /** Creates a new random key. */
    create(name: string): KeystoreEntry {
      return write(name, generatePrivateKey());
    },
    /** Imports an existing private key (hex). */
    import(name: string, privateKey: string): KeystoreEntry {
      if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey))
        throw new ValidationError('A private key is 0x followed by 64 hex digits.', { field: 'privateKey' });
      return write(name, privateKey as Hex);
    },
    has(name: string): boolean {
      return existsSync(pathOf(name));
    },
    list(): KeystoreEntry[] {
      return readdirSync(folder)
        .filter((file) => file.endsWith('.json'))
        .map((file) => {
          const content = JSON.parse(readFileSync(join(folder, file), 'utf8')) as KeystoreFile;
          return { name: file.slice(0, -5), address: `0x${content.address}` };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    /** A signing account for the named key, decrypted once per process. */
    account(name: string): PrivateKeyAccount {
      const cached = unlocked.get(name);
      if (cached) return cached;
      const path = pathOf(name);
      if (!existsSync(path)) throw new NotFoundError(`No key named "${name}" in ${folder}.`, { field: 'name' });
      const file = JSON.parse(readFileSync(path, 'utf8')) as KeystoreFile;
      const account = privateKeyToAccount(decryptKeystoreFile(file, password));
      unlocked.set(name, account);
      return account;
    },
  };
}
