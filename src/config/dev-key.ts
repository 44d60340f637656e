import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Outside production a missing LTI_ENCRYPTION_KEY is generated once and kept in the data folder, so that
 * local platform keys stay readable across restarts and no key is ever committed.
 */
export function devEncryptionKey(dataDir: string): string {
  const file = path.resolve(dataDir, 'dev-encryption-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(file, key, { mode: 0o600 });
  return key;
}
