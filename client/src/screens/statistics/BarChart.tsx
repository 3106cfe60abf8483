/**
 * A horizontal bar chart in SVG, readable at 360 px: each row's name on its own line, its bar
 * under it, the count at the bar's end. Widths are percentages of the chart, so text keeps its
 * size at any width. The chart is an image with a title and a description that reads every row;
 * the same rows are in the table beside it. A suppressed row is drawn as a short dashed outline
 * with its "<11", never as a length: its size is not known to anyone reading the chart.
 */
import { statistics } from '../../../../shared/i18n/client/statistics.js';
import { translator } from '../../i18n/index.js';

const t = translator(statistics);

export interface Bar {
  label: string;
  count: number | null;
}

const ROW = 46;
const BAR_Y = 22;
const BAR_H = 16;
/** The widest bar leaves room for its count. */
const MAX_PCT = 78;

export function BarChart({ id, title, bars, k }: { id: string; title: string; bars: Bar[]; k: number }) {
  const max = Math.max(1, ...bars.map((b) => b.count ?? 0));
  const shown = (b: Bar) => (b.count === null ? `<${k}` : String(b.count));
  const desc = t('chartDesc', { rows: bars.map((b) => t('chartRow', { label: b.label, count: shown(b) })).join('; ') });
  return (
    <svg
      class="bar-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      width="100%"
      height={bars.length * ROW}
      data-testid={`chart-${id}`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {bars.map((b, i) => {
        const y = i * ROW;
        const pct = b.count === null ? 0 : (b.count / max) * MAX_PCT;
        return (
          <g key={`${b.label}-${i}`}>
            <text x="0" y={y + 15} class="bar-label">
              {b.label}
            </text>
            {b.count === null ? (
              <rect x="0.5" y={y + BAR_Y} width="28" height={BAR_H} class="bar bar-suppressed" />
            ) : b.count > 0 ? (
              <rect x="0" y={y + BAR_Y} width={`${pct}%`} height={BAR_H} class="bar" />
            ) : null}
            <text x={b.count === null ? 36 : `${pct}%`} dx={b.count === null ? 0 : 6} y={y + BAR_Y + 13} class="bar-value">
              {shown(b)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
