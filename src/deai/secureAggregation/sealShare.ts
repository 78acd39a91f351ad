import { randomBytes } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ValidationError } from '../../errors/BaseError.js';

/** A secret (a Shamir share or a group key) encrypted from one node to another through the coordinator. */
export type SealedShare = { nonce: string; ciphertext: string };

/**
 * Encrypts `plaintext` with XChaCha20-Poly1305 under a share-channel pair key; `label` (round, epoch, step, sender,
 * recipient, purpose) is bound as associated data, so the coordinator cannot move a sealed share to another step,
 * sender or purpose without the recipient noticing.
 */
export function sealShare(key: Uint8Array, plaintext: Uint8Array, label: string): SealedShare {
  const nonce = randomBytes(24);
  const ciphertext = xchacha20poly1305(key, nonce, new TextEncoder().encode(label)).encrypt(plaintext);
  return { nonce: bytesToHex(nonce), ciphertext: bytesToHex(ciphertext) };
}

/** Decrypts a sealed share; refuses one that was altered, moved or sealed under another key. */
export function openShare(key: Uint8Array, sealed: SealedShare, label: string): Uint8Array {
  try {
    return xchacha20poly1305(key, hexToBytes(sealed.nonce), new TextEncoder().encode(label)).decrypt(
      hexToBytes(sealed.ciphertext),
    );
  } catch (cause) {
    throw new ValidationError('a sealed share failed authentication', {
      cause,
      field: 'share',
      code: 'deai-share-unauthentic',
    });
  }
}
