import { link, pcError, type Reply } from './shapes.js';

/**
 * Seek-based paging as Partner Center documents it for customers and role members: the first
 * page is `GET …?size=N`; every page carries `continuationToken` and `links.next` with an
 * `MS-ContinuationToken` header; the next page is `GET …?seekOperation=Next` with that header.
 * https://learn.microsoft.com/en-us/partner-center/developer/get-a-list-of-customers#rest-request
 * Tokens here are base64 of `offset:size`; a token that does not decode is a 400 / 800002.
 */
export function page<T>(
  all: readonly T[],
  path: string,
  query: URLSearchParams,
  continuationToken: string | undefined,
  maxPageSize: number,
  render: (item: T) => unknown,
): Reply {
  let offset = 0;
  let size = Math.min(Number(query.get('size') ?? maxPageSize) || maxPageSize, maxPageSize);
  if (query.get('seekOperation') === 'Next') {
    const decoded = /^(\d+):(\d+)$/.exec(Buffer.from(continuationToken ?? '', 'base64').toString());
    if (!decoded) return pcError(400, 800002, 'Invalid continuation token');
    offset = Number(decoded[1]);
    size = Number(decoded[2]);
  }
  const items = all.slice(offset, offset + size).map(render);
  const more = offset + size < all.length;
  const token = more ? Buffer.from(`${offset + size}:${size}`).toString('base64') : undefined;
  const next = token
    ? {
        next: {
          ...link(`${path}?seekOperation=Next`),
          headers: [{ key: 'MS-ContinuationToken', value: token }],
        },
      }
    : {};
  return {
    status: 200,
    body: {
      totalCount: items.length,
      items,
      ...(token ? { continuationToken: token } : {}),
      links: { self: link(`${path}?size=${size}`), ...next },
      attributes: { objectType: 'Collection' },
    },
  };
}
