import type { Collection, Db } from 'mongodb';

/** Where a relationship request's token leads: written before the request event, so no link dangles. */
export interface InvitationPointer {
  tokenHash: string;
  tenantId: string;
  partnerId: string;
  invitationId: string;
  createdAt: Date;
}

interface InvitationPointerDocument extends InvitationPointer {
  _id: string;
}

export class InvitationIndex {
  private readonly pointers: Collection<InvitationPointerDocument>;

  constructor(db: Db) {
    this.pointers = db.collection<InvitationPointerDocument>('invitation_tokens');
  }

  async add(pointer: InvitationPointer): Promise<void> {
    await this.pointers.insertOne({ _id: pointer.tokenHash, ...pointer });
  }

  async find(tokenHash: string): Promise<InvitationPointer | undefined> {
    const doc = await this.pointers.findOne({ _id: tokenHash });
    if (!doc) return undefined;
    const { _id: _ignored, ...pointer } = doc;
    return pointer;
  }
}
