/**
 * src/level3-objects/password-hash.ts — passwords as scrypt hashes (node:crypto): making one for CREATE USER and
 * checking a login against one.
 *
 * 1. The stored form is `scrypt$N$r$p$salt$hash` (salt and hash in base64): a random 16-byte salt per hash and
 *    the cost parameters travel with it, so they can be raised later without breaking old hashes.
 * 2. Checking compares in constant time (`timingSafeEqual`) and never throws for a malformed stored form: it
 *    just fails, so a login learns nothing but "no".
 * 3. The password itself is never stored or logged.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters of new hashes (N = 2^14, r = 8, p = 1: about 16 MiB and tens of milliseconds). */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** The stored form of `password`: scrypt with a fresh random salt (invariant 1). */
export function hashPassword(password: string): string {
  const salt = randomBytes(SALT_LENGTH);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** True when `password` is the one `stored` was made from (invariant 2). */
export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isSafeInteger(x) && x > 0) || n > 1 << 20 || r > 64 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length === 0) return false;
  try {
    const actual = scryptSync(password, salt, expected.length, { N: n, r, p, maxmem: 256 * n * r + 64 * 1024 * 1024 });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
