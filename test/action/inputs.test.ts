import { describe, expect, test } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { signingOptions } from '../../src/signing/configure.js';
import { cosignEncryptedKey, keyPair } from '../helpers/cosign.js';

/** readInputs as the runner gives the inputs: every input it was not given is ''. */
function inputs(given: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const get = (name: string) => given[name] ?? '';
  return readInputs(get, get, env);
}

describe('the action reads the key password from signing-key-password, else COSIGN_PASSWORD', () => {
  const keys = keyPair();
  const encrypted = cosignEncryptedKey(keys.privatePem, 'right');
  const key = { sign: 'key', 'signing-key': encrypted };

  test('the input wins; without it, COSIGN_PASSWORD from the step env; without either, none', () => {
    expect(
      inputs({ ...key, 'signing-key-password': ' pw ' }, { COSIGN_PASSWORD: 'env' }).signing,
    ).toMatchObject({ password: ' pw ', passwordFrom: 'input "signing-key-password"' });
    expect(inputs(key, { COSIGN_PASSWORD: 'env' }).signing).toMatchObject({
      password: 'env',
      passwordFrom: 'COSIGN_PASSWORD',
    });
    // Set to '' on purpose: a key made with an empty password.
    expect(inputs(key, { COSIGN_PASSWORD: '' }).signing).toMatchObject({
      password: '',
      passwordFrom: 'COSIGN_PASSWORD',
    });
    const none = inputs(key, {}).signing;
    expect(none.password).toBeUndefined();
    expect(none.passwordFrom).toBeUndefined();
    // No key, no password read.
    expect(inputs({ sign: 'keyless' }, { COSIGN_PASSWORD: 'env' }).signing.password).toBeUndefined();
  });

  test('COSIGN_PASSWORD decrypts the key; a wrong one is named; none says the key is encrypted', async () => {
    const fromEnv = await signingOptions(inputs(key, { COSIGN_PASSWORD: 'right' }).signing);
    expect(fromEnv?.signer.identity).toMatch(/^key sha256:[0-9a-f]{16}$/);
    await expect(signingOptions(inputs(key, { COSIGN_PASSWORD: 'wrong' }).signing)).rejects.toThrow(
      'input "signing-key": the password from COSIGN_PASSWORD does not decrypt the key',
    );
    await expect(
      signingOptions(
        inputs({ ...key, 'signing-key-password': 'wrong' }, { COSIGN_PASSWORD: 'right' }).signing,
      ),
    ).rejects.toThrow(
      'input "signing-key": the password from input "signing-key-password" does not decrypt the key',
    );
    await expect(signingOptions(inputs(key, {}).signing)).rejects.toThrow(
      'input "signing-key": the key is encrypted (cosign generate-key-pair) and no password was given: give its password as signing-key-password or in COSIGN_PASSWORD',
    );
    // A key made with an empty password needs neither (cosign reads an empty one the same way).
    const empty = cosignEncryptedKey(keys.privatePem, '');
    const opened = await signingOptions(inputs({ sign: 'key', 'signing-key': empty }, {}).signing);
    expect(opened?.signer.identity).toBe(fromEnv?.signer.identity);
  });
});
