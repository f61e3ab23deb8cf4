import { z } from 'zod';
import type { DeliveryJob } from '../../data/notifications/notification-store.js';
import type { Actor } from '../actor.js';
import type { AccessService } from '../access/access-service.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { parseInput } from '../validation.js';
import { MAX_ATTEMPTS } from './delivery-policy.js';

const jobSchema = z.object({ jobId: z.string().regex(/^[0-9a-f]{32}$/) });
const SHOWN = 20;

/** Notifications that failed after their last attempt: admins see them, send them again or dismiss them. */
export class DeadLetterService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor): Promise<DeliveryJob[]> {
    await this.access.require(actor, 'viewNotifications');
    return this.ctx.repos.notifications.dead(actor.tenantId, SHOWN);
  }

  /** Queues the job again with a fresh set of attempts; a second click finds it pending and changes nothing. */
  async retry(actor: Actor, input: unknown): Promise<void> {
    const job = await this.deadJob(actor, input);
    if (!job) return;
    await this.ctx.repos.notifications.updateJob(job._id, {
      status: 'pending',
      attemptLimit: job.attempt + MAX_ATTEMPTS,
      dueAt: this.ctx.clock.now(),
      updatedAt: this.ctx.clock.now(),
    });
  }

  async dismiss(actor: Actor, input: unknown): Promise<void> {
    const job = await this.deadJob(actor, input);
    if (!job) return;
    await this.ctx.repos.notifications.updateJob(job._id, {
      status: 'dismissed',
      updatedAt: this.ctx.clock.now(),
    });
  }

  /** The provider's dead job, undefined when it is no longer dead (a repeated click). */
  private async deadJob(actor: Actor, input: unknown): Promise<DeliveryJob | undefined> {
    await this.access.require(actor, 'manageNotifications');
    const { jobId } = parseInput(jobSchema, input);
    const job = await this.ctx.repos.notifications.job(jobId);
    // Another provider's job is as unknown as a forged id.
    if (job?.tenantId !== actor.tenantId) throw new AppError('notification_job_unknown');
    return job.status === 'dead' ? job : undefined;
  }
}
