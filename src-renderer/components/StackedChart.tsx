// A stacked bar chart over a continuous time axis: one bar slot per bucket of the range (empty or not), y ticks
// at round steps, a fixed colour per series name.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type ChartRow, niceScale } from '../format/chart-data.ts';
import { useFormats, useUi } from '../stores/ui-store.ts';

const TOOLTIP_STYLE = { background: 'var(--panel)', border: '1px solid var(--border)', borderRadius: 8 };
// The default hover band is a fixed light grey that glares on the dark theme.
const TOOLTIP_CURSOR = { fill: 'var(--panel-2)' };

export interface Series {
  key: string;
  label?: string;
  color: string;
}

export function StackedChart(props: {
  title: string;
  testId: string;
  rows: ChartRow[];
  series: Series[];
  /** Formats a value; `decimals` is set for axis ticks so that neighbouring ticks read differently. */
  format(value: number, decimals?: number): string;
  integer?: boolean;
  small?: boolean;
  legend?: boolean;
}) {
  const f = useFormats();
  const compact = useUi((state) => state.compact);
  const { rows, series } = props;
  const top = Math.max(
    0,
    ...rows.map((row) => series.reduce((sum, entry) => sum + Number(row[entry.key] ?? 0), 0)),
  );
  const scale = niceScale(top, { count: props.small ? 2 : 4, integer: props.integer ?? false });
  // Every bucket keeps its slot; labels are thinned to what fits (a week shows every day).
  const maxLabels = compact ? 4 : 8;
  const interval = Math.max(0, Math.ceil(rows.length / maxLabels) - 1);
  return (
    <div className="panel chart-panel" data-testid={props.testId} data-buckets={rows.length}>
      <h3>{props.title}</h3>
      <div className={`chart-box${props.small ? ' small' : ''}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis
              dataKey="bucket"
              tickFormatter={(bucket: string) => f.bucket(bucket)}
              interval={interval}
              stroke="var(--muted)"
              fontSize={12}
            />
            <YAxis
              domain={[0, scale.max]}
              ticks={scale.ticks}
              interval={0}
              tickFormatter={(value: number) => props.format(value, scale.decimals)}
              stroke="var(--muted)"
              fontSize={12}
              width={compact ? 52 : 64}
            />
            <Tooltip
              formatter={(value) => props.format(Number(value))}
              labelFormatter={(label) => f.bucket(String(label))}
              contentStyle={TOOLTIP_STYLE}
              cursor={TOOLTIP_CURSOR}
            />
            {/* Legend labels in the text colour: a yellow series name on white is unreadable. */}
            {props.legend !== false && (
              <Legend formatter={(value) => <span className="legend-label">{value}</span>} />
            )}
            {series.map((entry) => (
              <Bar
                key={entry.key}
                dataKey={entry.key}
                name={entry.label ?? entry.key}
                stackId="stack"
                maxBarSize={48}
                fill={entry.color}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
