/** The last page (0-based) of `total` rows; 0 when there are none. */
export function lastPage(total: number, pageSize: number): number {
  return Math.max(0, Math.ceil(total / pageSize) - 1);
}

/** A requested page, or the last one when it is past the end (rows went away since the card). */
export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.min(page, lastPage(total, pageSize));
}
