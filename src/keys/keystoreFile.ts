import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { bytesToHex, type Hex, hexToBytes, keccak256 } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { NonRetryableError, ValidationError } from '../errors/BaseError.js';

/** A Web3 Secret Storage (version 3) key file, the format wallets and geth import. */
export type KeystoreFile = {
  version: 3;
  id: string;
  address: string;
  crypto: {
    cipher: 'aes-128-ctr';
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: 'scrypt';
    kdfparams: { dklen: 32; n: number; r: number; p: number; salt: string };
    mac: string;
  };
};

export class WrongPasswordError extends NonRetryableError {
  override name = 'WrongPasswordError';
}

/** scrypt cost; 2^16 keeps an unlock under a second on a laptop while staying far above brute-force comfort. */
const defaultScryptN = 2 ** 16;

/** Encrypts a private key with a password (scrypt + AES-128-CTR, keccak MAC). */
export function encryptKeystoreFile(privateKey: Hex, password: string, scryptN = defaultScryptN): KeystoreFile {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = derive(password, salt, scryptN, 8, 1);
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(hexToBytes(privateKey)), cipher.final()]);
  return {
    version: 3,
    id: randomUUID(),
    address: privateKeyToAddress(privateKey).slice(2).toLowerCase(),
    crypto: {
      cipher: 'aes-128-ctr',
      cipherparams: { iv: iv.toString('hex') },
      ciphertext: ciphertext.toString('hex'),
      kdf: 'scrypt',
      kdfparams: { dklen: 32, n: scryptN, r: 8, p: 1, salt: salt.toString('hex') },
      mac: mac(derived, ciphertext).slice(2),
    },
  };
}

/** Decrypts a key file; a wrong password is told apart from a damaged file by the MAC. */
export function decryptKeystoreFile(file: KeystoreFile, password: string): Hex {
  if (file?.version !== 3 || file.crypto?.kdf !== 'scrypt' || file.crypto.cipher !== 'aes-128-ctr')
    throw new ValidationError('Not a version 3 scrypt/aes-128-ctr key file.', { field: 'crypto' });
  const { kdfparams, ciphertext, cipherparams } = file.crypto;
  const derived = derive(password, Buffer.from(kdfparams.salt, 'hex'), kdfparams.n, kdfparams.r, kdfparams.p);
  const cipherBytes = Buffer.from(ciphertext, 'hex');
  const expected = Buffer.from(file.crypto.mac, 'hex');
  const actual = Buffer.from(mac(derived, cipherBytes).slice(2), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw new WrongPasswordError('The keystore password is wrong (the key file MAC does not match).');
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), Buffer.from(cipherparams.iv, 'hex'));
  return bytesToHex(Buffer.concat([decipher.update(cipherBytes), decipher.final()]));
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Buffer {
  return scryptSync(password.normalize('NFKC'), salt, 32, { N: n, r, p, maxmem: 256 * n * r });
}

function mac(derived: Buffer, ciphertext: Buffer): Hex {
  return keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext]));
}
