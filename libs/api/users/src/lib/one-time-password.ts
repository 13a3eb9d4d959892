import { randomInt } from 'node:crypto';
import { MIN_PASSWORD_LENGTH } from '@karta/server-core';

/** No look-alike characters (0/O, 1/l/I), so the password can be dictated over the phone. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** 16 characters from a 55-letter alphabet (≈92 bits), grouped as `xxxx-xxxx-xxxx-xxxx`. */
export function generateOneTimePassword(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  const password = groups.join('-');
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error('one-time password shorter than the minimum');
  return password;
}
