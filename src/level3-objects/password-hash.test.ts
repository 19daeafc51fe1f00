import { hashPassword, verifyPassword } from './password-hash';

describe('password hashes', () => {
  it('verifies the password a hash was made from and no other', () => {
    const h = hashPassword('s3cret');
    expect(verifyPassword('s3cret', h)).toBe(true);
    expect(verifyPassword('s3cret ', h)).toBe(false);
    expect(verifyPassword('', h)).toBe(false);
  });

  it('stores scrypt parameters and a random salt, never the password', () => {
    // a password with characters base64 never holds, so finding it in the hash is no accident (with 'pw', a
    // random salt or digest spelled "pw" about once in seventy runs)
    const pw = 'pass word!';
    const a = hashPassword(pw);
    const b = hashPassword(pw);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b); // a fresh salt per hash
    expect(a).not.toContain(pw);
    expect(a).not.toContain(Buffer.from(pw).toString('base64').replace(/=+$/, ''));
    expect(verifyPassword(pw, b)).toBe(true);
  });

  it('honours the parameters stored with a hash', () => {
    const h = hashPassword('x').split('$');
    // a hash made with other parameters still verifies with its own
    const { scryptSync } = require('node:crypto') as typeof import('node:crypto');
    const salt = Buffer.from(h[4]!, 'base64');
    const other = `scrypt$1024$4$1$${h[4]}$${scryptSync('x', salt, 32, { N: 1024, r: 4, p: 1 }).toString('base64')}`;
    expect(verifyPassword('x', other)).toBe(true);
    expect(verifyPassword('y', other)).toBe(false);
  });

  it('fails, without throwing, for malformed stored forms', () => {
    for (const bad of ['', 'plain', 'scrypt$0$8$1$AA==$AA==', 'scrypt$16384$8$1$AA==$', 'md5$1$1$1$AA==$AA==', 'scrypt$99999999$8$1$AA==$AA==']) {
      expect(verifyPassword('pw', bad)).toBe(false);
    }
  });
});
