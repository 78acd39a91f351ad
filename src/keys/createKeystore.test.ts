import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createKeystore } from './createKeystore.js';
import { decryptKeystoreFile, WrongPasswordError } from './keystoreFile.js';

const privateKey = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';

test('an imported key signs as its address and is stored only encrypted', () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'tandem-keys-')), 'keystore');
  const keystore = createKeystore({ folder, password: 'correct horse', allowGeneratedPassword: false, scryptN: 1024 });
  const entry = keystore.import('operator', privateKey);
  assert.equal(entry.address, '0x2c7536E3605D9C16a7a3D7b1898e529396a65c23');
  const onDisk = readFileSync(join(folder, 'operator.json'), 'utf8');
  assert.ok(!onDisk.includes(privateKey.slice(2)), 'the private key must not be on disk in plain text');
  assert.equal(keystore.account('operator').address, entry.address);
  assert.deepEqual(keystore.list(), [{ name: 'operator', address: entry.address.toLowerCase() }]);
});

test('a wrong password is refused', () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'tandem-keys-')), 'keystore');
  const keystore = createKeystore({ folder, password: 'one', allowGeneratedPassword: false, scryptN: 1024 });
  keystore.import('operator', privateKey);
  const file = JSON.parse(readFileSync(join(folder, 'operator.json'), 'utf8'));
  assert.throws(() => decryptKeystoreFile(file, 'two'), WrongPasswordError);
  assert.equal(decryptKeystoreFile(file, 'one'), privateKey);
});

test('without a password a real-network keystore refuses to open, naming the variable', () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'tandem-keys-')), 'keystore');
  assert.throws(() => createKeystore({ folder, allowGeneratedPassword: false }), /TANDEM_KEYSTORE_PASSWORD/);
});

test('a duplicate name and a malformed key are refused', () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'tandem-keys-')), 'keystore');
  const keystore = createKeystore({ folder, allowGeneratedPassword: true, scryptN: 1024 });
  keystore.create('a');
  assert.throws(() => keystore.create('a'), /already exists/);
  assert.throws(() => keystore.import('b', '0x1234'), /64 hex digits/);
  assert.throws(() => keystore.create('Bad Name'), /not allowed/);
});
