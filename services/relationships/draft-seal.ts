import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { InvitationDraft } from './invitation-draft.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const draftSchema = z.object({
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  link: z.string(),
  mailtoUrl: z.string(),
});

/**
 * Seals the e-mail draft (it holds the invitation link) with AES-256-GCM for the idempotency
 * record, so that a repeated "Write the e-mail" click can show the same draft again: the database
 * never holds the link in clear. The additional authenticated data binds a sealed draft to the
 * tenant, the agent and the click it was made for; copied to any other record it does not open.
 */
export class DraftSeal {
  private readonly key: Buffer;

  /** `secret` unset: a random key, so drafts sealed by this process open only in it. */
  constructor(secret: string | undefined) {
    this.key = secret ? createHash('sha256').update(secret, 'utf8').digest() : randomBytes(32);
  }

  seal(draft: InvitationDraft, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(draft), 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed].map(encode).join('.');
  }

  /** The draft, or undefined when it was sealed for something else, by another key, or altered. */
  open(sealed: string, boundTo: string): InvitationDraft | undefined {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
      const parsed = draftSchema.safeParse(JSON.parse(plain.toString('utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}

function encode(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
