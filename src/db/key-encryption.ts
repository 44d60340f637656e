import crypto from 'node:crypto';

/**
 * The tool's private and public keys are stored encrypted in the platform registry (ltijs.publickey and
 * ltijs.privatekey) in ltijs' format, which registrations made before the tool owned its launch still use:
 * AES-256-CBC, key = sha256(LTI_ENCRYPTION_KEY), a random 16-byte IV, both hex, of the JSON `{ key, kid }`.
 * Not authenticated: the database is trusted with them, the encryption keeps them out of backups and dumps.
 */
export function encrypt(plain: string, secret: string): { iv: string; data: string } {
  const key = crypto.createHash('sha256').update(secret).digest();
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { iv: iv.toString('hex'), data: data.toString('hex') };
}

export function decrypt(data: string, iv: string, secret: string): string {
  const key = crypto.createHash('sha256').update(secret).digest();
  const decipher = crypto.createDecipheriv('aes-256-cbc', key, Buffer.from(iv, 'hex'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'hex')), decipher.final()]).toString('utf8');
}
