import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, isAppError } from '../errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** How the Partner Center HTTP core reaches the API and how hard it retries. */
export interface PartnerCenterHttpOptions {
  /** e.g. https://api.partnercenter.microsoft.com (no trailing /v1). */
  baseUrl: string;
  /** App+User access token for the provider tenant the call acts for. */
  tokenProvider: (providerTenantId: string) => Promise<string>;
  /** Partner Center answered 401: forget that provider's token; the call is sent once more with a new one. */
  onUnauthorized?: (providerTenantId: string) => void;
  /** Per attempt; default 15 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** A 429 asking for a longer wait than this is not waited for; default 30 s. */
  maxRetryAfterSeconds?: number;
  /** First backoff step; default 500 ms, doubled per retry, capped by backoffMaxMs (default 8 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  newId?: () => string;
}

/** One logical call; every retry of it is sent with the same MS-RequestId when one is given. */
export interface PartnerCenterRequest {
  method: HttpMethod;
  /** Path from the API root, e.g. `/v1/customers`. Callers encode path segments. */
  path: string;
  providerTenantId: string;
  query?: Record<string, string>;
  body?: unknown;
  /**
   * MS-RequestId of a mutating call. Partner Center uses it to recognise a retry, so only
   * mutating calls that carry one are retried after a 5xx, a timeout or a network error.
   */
  requestId?: string;
  headers?: Record<string, string>;
}

/** A success, or a 4xx (other than 429) left for the caller to map before `rejection()`. */
export type PartnerCenterResponse =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status: number; code?: number; errorName?: string; description?: string };

// Documented error body: { code, description, data, source }; newer APIs add errorName.
// `code` is documented as a string but the examples send numbers, so both are accepted.
const errorBodySchema = z.looseObject({
  code: z.union([z.number(), z.string()]).optional(),
  description: z.string().optional(),
  errorName: z.string().optional(),
});

const nextLinkSchema = z.looseObject({
  headers: z.array(z.looseObject({ key: z.string(), value: z.string() })).optional(),
});

// Collections: { totalCount, items, continuationToken?, links: { next? } } (seek-based paging).
const collectionSchema = z.looseObject({
  totalCount: z.number().optional(),
  items: z.array(z.unknown()),
  continuationToken: z.string().nullish(),
  links: z.looseObject({ next: nextLinkSchema.nullish() }).nullish(),
});

interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Turns a 4xx the caller did not map into `external_rejected` with `{status, code}`. */
export function rejection(response: PartnerCenterResponse): AppError {
  const params: Record<string, number> = { status: response.status };
  if (!response.ok && response.code !== undefined) params.code = response.code;
  return new AppError('external_rejected', params);
}

/** Parses a success body, or fails as `external_unavailable` when Partner Center answered an unexpected shape. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('external_unavailable', { reason: 'malformed_response' });
  return parsed.data;
}

/** The schema-checked body of a success, or the rejection of anything else. */
export function expectOk<T extends z.ZodType>(response: PartnerCenterResponse, schema: T): z.infer<T> {
  if (!response.ok) throw rejection(response);
  return parseBody(schema, response.body);
}

/** Minimal Partner Center REST client: auth and tracing headers, timeout, retries, error mapping. */
export class PartnerCenterHttp {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly newId: () => string;

  constructor(private readonly options: PartnerCenterHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 30;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 8_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.newId = options.newId ?? randomUUID;
  }

  /** Sends one logical request; throws AppError for throttling, 5xx, timeouts and network failures. */
  async send(request: PartnerCenterRequest): Promise<PartnerCenterResponse> {
    // A 429 is refused before any processing, so it is safe to repeat for every method.
    const retryable = request.method === 'GET' || request.requestId !== undefined;
    // One correlation id for the logical call, so its retries line up in Partner Center's traces.
    const correlationId = this.newId();
    let renewedToken = false;
    for (let attempt = 0; ; attempt++) {
      const lastAttempt = attempt >= this.maxRetries;
      let raw: RawResponse;
      try {
        raw = await this.attempt(request, correlationId);
      } catch (error) {
        if (isAppError(error)) throw error;
        if (!retryable || lastAttempt) {
          throw new AppError('external_unavailable', { reason: isTimeout(error) ? 'timeout' : 'network' });
        }
        await this.sleep(this.backoff(attempt));
        continue;
      }
      if (raw.status === 429) {
        const retryAfter = parseRetryAfter(raw.headers.get('retry-after'));
        const waitMs = retryAfter !== undefined ? retryAfter * 1000 : this.backoff(attempt);
        if (lastAttempt || (retryAfter ?? 0) > this.maxRetryAfterSeconds) {
          throw new AppError('external_throttled', { retryAfterSeconds: Math.ceil(waitMs / 1000) });
        }
        await this.sleep(waitMs);
        continue;
      }
      if (raw.status === 401 && this.options.onUnauthorized && !renewedToken) {
        // An access token revoked or expired early: one more try with a token fresh from Entra.
        renewedToken = true;
        this.options.onUnauthorized(request.providerTenantId);
        continue;
      }
      if (raw.status >= 500) {
        if (!retryable || lastAttempt) throw new AppError('external_unavailable', { status: raw.status });
        await this.sleep(this.backoff(attempt));
        continue;
      }
      if (raw.status >= 200 && raw.status < 300) return { ok: true, status: raw.status, body: raw.body };
      const error = errorBodySchema.safeParse(raw.body);
      const rawCode = error.success ? error.data.code : undefined;
      const code = rawCode === undefined || rawCode === '' ? NaN : Number(rawCode);
      return {
        ok: false,
        status: raw.status,
        ...(Number.isFinite(code) ? { code } : {}),
        ...(error.success && error.data.errorName ? { errorName: error.data.errorName } : {}),
        ...(error.success && error.data.description ? { description: error.data.description } : {}),
      };
    }
  }

  /**
   * GETs every page of a collection by following its continuation token, up to `maxPages`.
   * `truncated` tells the caller that more pages existed than the bound allowed.
   */
  async collect<T extends z.ZodType>(
    request: PartnerCenterRequest,
    itemSchema: T,
    maxPages: number,
  ): Promise<{ items: z.infer<T>[]; truncated: boolean }> {
    const items: z.infer<T>[] = [];
    let next: PartnerCenterRequest | undefined = request;
    for (let page = 0; next && page < maxPages; page++) {
      const response: PartnerCenterResponse = await this.send(next);
      const body: z.infer<typeof collectionSchema> = expectOk(response, collectionSchema);
      for (const item of body.items) items.push(parseBody(itemSchema, item));
      const token: string | undefined =
        body.continuationToken ||
        body.links?.next?.headers?.find((h) => h.key.toLowerCase() === 'ms-continuationtoken')?.value;
      // Seek paging as the .NET SDK does it: same path and query, seekOperation=Next, token in a header.
      next = token
        ? {
            ...request,
            query: { ...request.query, seekOperation: 'Next' },
            headers: { ...request.headers, 'MS-ContinuationToken': token },
          }
        : undefined;
    }
    return { items, truncated: next !== undefined };
  }

  private async attempt(request: PartnerCenterRequest, correlationId: string): Promise<RawResponse> {
    let token: string;
    try {
      token = await this.options.tokenProvider(request.providerTenantId);
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError('external_unavailable', { reason: 'token' });
    }
    const url = new URL(this.baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = {
      ...request.headers,
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      // Documented as required; every API used here is v1.
      'MS-Contract-Version': 'v1',
      'MS-RequestId': request.requestId ?? this.newId(),
      'MS-CorrelationId': correlationId,
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return { status: response.status, headers: response.headers, body: parseJson(await response.text()) };
  }

  // Exponential backoff with "equal jitter": half fixed, half random.
  private backoff(attempt: number): number {
    const step = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** attempt);
    return Math.round(step / 2 + (this.random() * step) / 2);
  }
}

function parseJson(text: string): unknown {
  // Some documented responses start with a byte-order mark.
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return trimmed;
  }
}

// Retry-After is delta-seconds (what Partner Center sends) or an HTTP date.
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
