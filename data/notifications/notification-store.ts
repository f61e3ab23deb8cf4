import type { Collection, Db } from 'mongodb';
import { insertNew, isInsertConflict } from '../database.js';

/** Who a delivery job is for, and why. */
/** Who a job is for: a manager subscription, the requester, the reseller's user, or an admin agent (Partner Center connection). */
export type Audience = 'manager' | 'requester' | 'reseller' | 'admin';

/** Where a job is delivered: a person's 1:1 chat with the bot, or a channel, in a tenant. */
export interface DeliveryTarget {
  /** The tenant the conversation lives in (the reseller's own tenant, for a reseller's user). */
  tenantId: string;
  kind: 'person' | 'channel';
  userId?: string;
  /** The channel; for a person, their 1:1 chat as known when the job was made (else looked up when sent). */
  conversationId?: string;
}

export type JobStatus = 'pending' | 'sent' | 'gone' | 'unreachable' | 'dead' | 'dismissed';

/** Statuses a job never leaves (it is never sent again): such jobs are kept in `notification_jobs_done`. */
export const FINISHED_STATUSES: readonly JobStatus[] = ['sent', 'gone', 'unreachable', 'dismissed'];
/** Finished jobs inserted into `notification_jobs_done` at a time. */
const MOVE_BATCH = 1_000;
const isFinished = (status: JobStatus | undefined): boolean =>
  status !== undefined && FINISHED_STATUSES.includes(status);

/** One notification to one recipient; `_id` is derived from (event id, recipient), so it exists once. */
export interface DeliveryJob {
  _id: string;
  /** The provider tenant whose event this is. */
  tenantId: string;
  eventId: string;
  eventType: string;
  eventAt: Date;
  audience: Audience;
  target: DeliveryTarget;
  /** The manager subscription, for `manager` jobs (deactivated on 403/404). */
  recipientId?: string;
  /** What the card says, as codes and names (translated when it is rendered). */
  facts: Record<string, string>;
  status: JobStatus;
  /** Attempts started so far; the next claim is `${_id}:${attempt}`. */
  attempt: number;
  /** The attempt after which a failure is a dead letter. */
  attemptLimit: number;
  dueAt: Date;
  createdAt: Date;
  lastOutcome?: string;
  lastStatus?: number;
  /** Why the last attempt failed without an HTTP status (timeout, network error). */
  lastReason?: string;
  sentAt?: Date;
  updatedAt?: Date;
}

/** A worker's hold on one attempt of a job; whoever inserts it first owns the attempt. */
export interface JobClaim {
  _id: string;
  jobId: string;
  attempt: number;
  worker: string;
  claimedAt: Date;
  expiresAt: Date;
  outcome?: string;
}

/**
 * The notification outbox's own collections: delivery jobs and claims (the dispatcher's
 * checkpoint is a feed follower's, in `CheckpointStore`). Jobs and claims are created only by
 * inserting unique `_id`s (the one atomic write on FerretDB v1); later fields of a job are
 * written only by the holder of its claim.
 *
 * The jobs still to send or to decide on (pending, dead) are in `notification_jobs`, which the
 * worker asks every second; a job that finished moves to `notification_jobs_done`. On the local
 * store every query but an `_id` lookup decodes the whole collection, and finished jobs grow
 * with every event forever: 50,000 of them made each poll take 4 s and `/healthz` 11 s.
 */
export class NotificationStore {
  private readonly jobs: Collection<DeliveryJob>;
  private readonly done: Collection<DeliveryJob>;
  /** Through the scan pool, for `tidy`. */
  private readonly scannedJobs: Collection<DeliveryJob>;
  private readonly claims: Collection<JobClaim>;
  private readonly providers: Collection<{ _id: string }>;

  constructor(db: Db, scanDb: Db = db) {
    this.jobs = db.collection<DeliveryJob>('notification_jobs');
    this.scannedJobs = scanDb.collection<DeliveryJob>('notification_jobs');
    this.done = db.collection<DeliveryJob>('notification_jobs_done');
    this.claims = db.collection<JobClaim>('notification_claims');
    this.providers = db.collection<{ _id: string }>('providers');
  }

  /** Every provider tenant the bot serves (the dispatcher follows each one's feed). */
  async tenants(): Promise<string[]> {
    const docs = await this.providers.find({}, { projection: { _id: 1 } }).toArray();
    return docs.map((doc) => String(doc._id));
  }

  /** Inserts the job unless it exists or finished (a replayed event or a second dispatcher): true when new. */
  async insertJob(job: DeliveryJob): Promise<boolean> {
    if (await this.isDone(job._id)) return false;
    try {
      await this.jobs.insertOne(job);
      // It may have finished and moved between the look and the insert (its copy is written
      // before its live one is removed, so this second look sees it): this one is a duplicate.
      return !(await this.dropIfFinished(job._id));
    } catch (error) {
      if (isInsertConflict(error)) return false;
      throw error;
    }
  }

  async job(jobId: string): Promise<DeliveryJob | undefined> {
    return (
      (await this.jobs.findOne({ _id: jobId })) ?? (await this.done.findOne({ _id: jobId })) ?? undefined
    );
  }

  private async isDone(jobId: string): Promise<boolean> {
    return (await this.done.findOne({ _id: jobId }, { projection: { _id: 1 } })) !== null;
  }

  /** Pending jobs due by `now`, oldest first. */
  async due(now: Date, limit: number): Promise<DeliveryJob[]> {
    return this.jobs
      .find({ status: 'pending', dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .toArray();
  }

  /** Claims attempt `attempt` of a job: true for exactly one caller. */
  async claim(claim: JobClaim): Promise<boolean> {
    try {
      await this.claims.insertOne(claim);
      return true;
    } catch (error) {
      if (isInsertConflict(error)) return false;
      throw error;
    }
  }

  async claimOf(jobId: string, attempt: number): Promise<JobClaim | undefined> {
    return (await this.claims.findOne({ _id: `${jobId}:${attempt}` })) ?? undefined;
  }

  async recordClaimOutcome(jobId: string, attempt: number, outcome: string): Promise<void> {
    await this.claims.updateOne({ _id: `${jobId}:${attempt}` }, { $set: { outcome } });
  }

  /**
   * Writes fields of a job (only the holder of its current claim, or an admin's retry/dismiss);
   * one that finishes moves to the finished jobs. Written first where it is, so a crash midway
   * leaves a finished job among the live ones, which no query for work selects (`tidy` moves it).
   */
  async updateJob(jobId: string, fields: Partial<Omit<DeliveryJob, '_id'>>): Promise<void> {
    await this.jobs.updateOne({ _id: jobId }, { $set: fields });
    if (isFinished(fields.status)) {
      const job = await this.jobs.findOne({ _id: jobId });
      if (job && isFinished(job.status)) await this.moveFinished([job]);
    }
  }

  /**
   * Moves finished jobs (which never change again) to the finished ones: copied first (a copy
   * already there is one a crash interrupted), then removed from the live ones, each by `_id`.
   * A failed copy removes nothing. Answers how many it removed.
   */
  private async moveFinished(jobs: DeliveryJob[]): Promise<number> {
    let moved = 0;
    for (let start = 0; start < jobs.length; start += MOVE_BATCH) {
      const batch = jobs.slice(start, start + MOVE_BATCH);
      await insertNew(this.done, batch);
      for (const { _id } of batch) moved += (await this.jobs.deleteOne({ _id })).deletedCount;
    }
    return moved;
  }

  /**
   * Removes the live copy of a job that has finished (made again by a dispatcher that replayed
   * its event while it finished): true when there was one.
   */
  async dropIfFinished(jobId: string): Promise<boolean> {
    if (!(await this.isDone(jobId))) return false;
    await this.jobs.deleteOne({ _id: jobId });
    return true;
  }

  /**
   * Puts right what a crash, a race or an older version left among the live jobs: finished jobs
   * not moved yet (every finished job of a database from before schema 4), and a job made again
   * after it had finished, which would wait forever since its attempt's claim is spent. Runs in
   * the background, at start and hourly; one scan of the live jobs on the scan pool. Answers how
   * many it moved or removed.
   */
  async tidy(): Promise<number> {
    let tidied = await this.moveFinished(
      await this.scannedJobs.find({ status: { $in: [...FINISHED_STATUSES] } }).toArray(),
    );
    const pending = await this.scannedJobs.find({ status: 'pending' }, { projection: { _id: 1 } }).toArray();
    for (const { _id } of pending) if (await this.dropIfFinished(_id)) tidied += 1;
    return tidied;
  }

  async countDead(tenantId: string): Promise<number> {
    return this.jobs.countDocuments({ tenantId, status: 'dead' });
  }

  async dead(tenantId: string, limit: number): Promise<DeliveryJob[]> {
    return this.jobs.find({ tenantId, status: 'dead' }).sort({ eventAt: -1 }).limit(limit).toArray();
  }

  /** The jobs of one event (tests and the operator). */
  async jobsOf(eventId: string): Promise<DeliveryJob[]> {
    const [live, done] = await Promise.all([
      this.jobs.find({ eventId }).toArray(),
      this.done.find({ eventId }).toArray(),
    ]);
    return [...done.filter((job) => !live.some((other) => other._id === job._id)), ...live];
  }

  /** What `/healthz` shows of the outbox. */
  async stats(now: Date): Promise<{ pending: number; oldestPendingSeconds: number; deadLetters: number }> {
    const [pending, oldest, deadLetters] = await Promise.all([
      this.jobs.countDocuments({ status: 'pending' }),
      this.jobs.find({ status: 'pending' }).sort({ createdAt: 1 }).limit(1).next(),
      this.jobs.countDocuments({ status: 'dead' }),
    ]);
    const oldestPendingSeconds = oldest
      ? Math.max(0, Math.round((now.getTime() - oldest.createdAt.getTime()) / 1000))
      : 0;
    return { pending, oldestPendingSeconds, deadLetters };
  }
}
