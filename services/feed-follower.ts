import type { CommittedEntry } from '../data/feed/tenant-feed.js';
import type { Repositories } from '../data/repositories.js';
import type { Clock } from './clock.js';

const BATCH = 500;

/**
 * Follows one provider's feed from a stored checkpoint and hands each batch of committed
 * entries to `handle`; the one way this project reads its log in order (the projector,
 * notifications). The checkpoint moves only after a batch is handled, so a crash replays the
 * batch: handlers are idempotent. An entry that arrives late (its writer was in flight) is read
 * on a later pass: the feed never answers past it.
 */
export class FeedFollower {
  constructor(
    private readonly repos: Pick<Repositories, 'feed' | 'checkpoints'>,
    private readonly clock: Clock,
    readonly name: string,
    private readonly handle: (tenantId: string, entries: CommittedEntry[]) => Promise<void>,
  ) {}

  /** Handles everything committed since the checkpoint; answers how many entries. */
  async catchUp(tenantId: string): Promise<number> {
    let seq = await this.repos.checkpoints.get(this.name, tenantId);
    let handled = 0;
    for (;;) {
      const { entries, scannedTo } = await this.repos.feed.readAfter(tenantId, seq, BATCH);
      if (scannedTo === seq) return handled;
      if (entries.length > 0) await this.handle(tenantId, entries);
      handled += entries.length;
      // Past lost entries too (a run of them at the tail is not read again on every pass).
      seq = scannedTo;
      await this.repos.checkpoints.save(this.name, tenantId, seq, this.clock.now());
    }
  }
}
