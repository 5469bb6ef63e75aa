// A horizontal stacked bar chart in SVG (no chart library): one bar per row, its parts stacked.
// The figure is labelled for screen readers; the page's table carries the same numbers.
interface Bar { label: string; parts: number[] }

const ROW = 22;
const LABEL = 220;
const WIDTH = 760;

export function BarChart({ label, rows, parts, format }: { label: string; rows: Bar[]; parts: string[]; format: (n: number) => string }) {
  const max = Math.max(1e-12, ...rows.map((r) => r.parts.reduce((a, b) => a + b, 0)));
  const scale = (WIDTH - LABEL - 90) / max;
  const height = rows.length * ROW + 24;
  return (
    <figure class="chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" height={height}>
        {rows.map((r, i) => {
          let x = LABEL;
          const total = r.parts.reduce((a, b) => a + b, 0);
          return (
            <g key={i} transform={`translate(0 ${i * ROW})`}>
              <text x={LABEL - 8} y={15} text-anchor="end" class="chart-label">{r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label}</text>
              {r.parts.map((p, j) => {
                const w = p * scale;
                const rect = <rect key={j} x={x} y={3} width={Math.max(0, w)} height={ROW - 6} class={`bar bar-${j}`}><title>{`${r.label} ${parts[j]}: ${format(p)}`}</title></rect>;
                x += w;
                return rect;
              })}
              <text x={x + 6} y={15} class="chart-value">{format(total)}</text>
            </g>
          );
        })}
        <g transform={`translate(${LABEL} ${rows.length * ROW + 6})`}>
          {parts.map((p, j) => (
            <g key={p} transform={`translate(${j * 90} 0)`}><rect width="12" height="12" class={`bar bar-${j}`} /><text x="16" y="11" class="chart-label">{p}</text></g>
          ))}
        </g>
      </svg>
    </figure>
  );
}
