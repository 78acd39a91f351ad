import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { ConfigError, ValidationError } from '../../errors/BaseError.js';
import { createKeystore } from '../../keys/createKeystore.js';
import { decryptKeystoreFile, type KeystoreFile } from '../../keys/keystoreFile.js';

/**
 * The EVM key a node signs with: a Web3 v3 key file (KEYFILE, decrypted with the password from `passwordFile`,
 * TANDEM_KEY_PASSWORD or TANDEM_KEYSTORE_PASSWORD), or else a key by name in the data folder's keystore.
 * @example const account = loadNodeAccount({ key: 'party-1.json', dataDir: '.tandem' })
 */
export function loadNodeAccount(parameters: {
  key: string;
  dataDir: string;
  passwordFile?: string | undefined;
  environment?: NodeJS.ProcessEnv | undefined;
}): PrivateKeyAccount {
  const environment = parameters.environment ?? process.env;
  if (existsSync(parameters.key)) {
    let file: KeystoreFile;
    try {
      file = JSON.parse(readFileSync(parameters.key, 'utf8')) as KeystoreFile;
    } catch (cause) {
      throw new ValidationError(`${parameters.key} is not a JSON key file`, { cause, field: '--key' });
    }
    const password = parameters.passwordFile
      ? readFileSync(parameters.passwordFile, 'utf8').trim()
      : (environment.TANDEM_KEY_PASSWORD ?? environment.TANDEM_KEYSTORE_PASSWORD);
    if (password === undefined)
      throw new ConfigError('No password for the key file.', {
        details: 'Pass --password-file or set TANDEM_KEY_PASSWORD.',
        field: 'TANDEM_KEY_PASSWORD',
      });
    return privateKeyToAccount(decryptKeystoreFile(file, password));
  }
  const keystore = createKeystore({
    folder: join(parameters.dataDir, 'keystore'),
    password: environment.TANDEM_KEYSTORE_PASSWORD,
    allowGeneratedPassword: true,
  });
  return keystore.account(parameters.key);
}
