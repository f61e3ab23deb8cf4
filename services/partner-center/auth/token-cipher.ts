import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** Why a stored secret could not be opened: another key, another provider, or a damaged value. */
export class TokenCipherError extends Error {
  override name = 'TokenCipherError';
}

/**
 * AES-256-GCM for the token caches kept at rest. The provider tenant id is the additional
 * authenticated data, so one provider's ciphertext never opens as another provider's.
 * Format: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export class TokenCipher {
  private readonly key: Buffer;

  /** `base64Key` is 32 random bytes in base64 (e.g. `openssl rand -base64 32`). */
  constructor(base64Key: string) {
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32) throw new TokenCipherError('the key must be 32 bytes (base64)');
    this.key = key;
  }

  seal(plaintext: string, providerTenantId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(providerTenantId, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : b64(p)))
      .join('.');
  }

  open(sealed: string, providerTenantId: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
      throw new TokenCipherError('not a sealed value');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(providerTenantId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new TokenCipherError('the value does not open with this key for this provider');
    }
  }
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
