import type { TurnOutcome } from './channel.js';

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  turnsPerSecond: number;
  /** Turns that did not answer as expected, by reason (`http 500`, `card 400`…). */
  failures: Record<string, number>;
}

export function latency(samples: TurnOutcome[], wallMs: number): Latency {
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  const pick = (q: number) =>
    times.length === 0 ? 0 : round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0);
  const failures: Record<string, number> = {};
  for (const s of samples) if (s.outcome !== 'ok') failures[s.outcome] = (failures[s.outcome] ?? 0) + 1;
  return {
    n: times.length,
    p50: pick(0.5),
    p95: pick(0.95),
    p99: pick(0.99),
    max: round(times[times.length - 1] ?? 0),
    turnsPerSecond: wallMs > 0 ? round((samples.length * 1000) / wallMs) : 0,
    failures,
  };
}

export function round(value: number): number {
  return value >= 100 ? Math.round(value) : Number(value.toFixed(1));
}

export interface Cell {
  size: number;
  concurrency: number;
  scenario: string;
  label: string;
  bot: Latency;
  echo: Latency;
  ratioP50: number;
  ratioP99: number;
  dbCommandsPerTurn: number;
  /** The commands of one turn (on average) by name and collection. */
  dbByCommand?: Record<string, number>;
  /** Milliseconds per turn the driver waited for each kind of command (background work included). */
  dbMsByCommand?: Record<string, number>;
}

/** The table printed after each size. */
export function printCells(cells: Cell[]): void {
  console.table(
    cells.map((c) => ({
      scenario: c.label,
      conv: c.concurrency,
      n: c.bot.n,
      'p50 ms': c.bot.p50,
      'p95 ms': c.bot.p95,
      'p99 ms': c.bot.p99,
      'turns/s': c.bot.turnsPerSecond,
      'echo p50': c.echo.p50,
      '×echo p50': c.ratioP50,
      '×echo p99': c.ratioP99,
      'db/turn': c.dbCommandsPerTurn,
      failed: Object.entries(c.bot.failures)
        .map(([why, n]) => `${n} ${why}`)
        .join(', '),
    })),
  );
}

/**
 * The README's table: one row per scenario and concurrency, one column per size with
 * p50 / p99 in ms, the p50 ratio to the echo bot, and database commands per turn.
 */
export function markdownTable(cells: Cell[]): string {
  const sizes = [...new Set(cells.map((c) => c.size))];
  const header = `| scenario | conversations | ${sizes.map((s) => `+${s.toLocaleString('en-US')}: p50 / p99 ms (×echo p50), db/turn`).join(' | ')} |`;
  const rule = `|---|---|${sizes.map(() => '---').join('|')}|`;
  const keys = [...new Set(cells.map((c) => `${c.concurrency}\u0000${c.label}`))];
  const rows = keys.map((key) => {
    const [concurrency, label] = key.split('\u0000');
    const columns = sizes.map((size) => {
      const c = cells.find((x) => x.size === size && `${x.concurrency}` === concurrency && x.label === label);
      if (!c) return '–';
      const failed = Object.values(c.bot.failures).reduce((a, b) => a + b, 0);
      return `${c.bot.p50} / ${c.bot.p99} (${c.ratioP50}×), ${c.dbCommandsPerTurn}${failed ? `, ${failed} failed` : ''}`;
    });
    return `| ${label} | ${concurrency} | ${columns.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
