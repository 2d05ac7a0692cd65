/** Small shared pieces: level badges, progress bars, a trend chart drawn as SVG. */

export function Level(props: { level: string }) {
  return <span className={`level level-${props.level.replace(/[^a-z]/g, '')}`}>{props.level}</span>;
}

export function LevelCounts(props: { levels: string[]; counts: Record<string, number> }) {
  return (
    <span className="counts">
      {[...props.levels].reverse().map((l) => (
        <span key={l} className={`level level-${l.replace(/[^a-z]/g, '')}`} title={`${props.counts[l] ?? 0} ${l}`}>
          {props.counts[l] ?? 0} {l}
        </span>
      ))}
    </span>
  );
}

export function Progress(props: { label: string; done: number; total: number }) {
  return (
    <div className="progress">
      <label>
        <span>
          {props.label}: {props.done} of {props.total}
        </span>
        <progress max={Math.max(props.total, 1)} value={props.done} />
      </label>
    </div>
  );
}

/** Open risks by residual level over revisions: one polyline per level. */
export function TrendChart(props: {
  levels: string[];
  points: { revision: number; counts: Record<string, number> }[];
}) {
  const { levels, points } = props;
  if (points.length < 2) return <p className="muted">The trend appears after a second assessed revision.</p>;
  const width = 480;
  const height = 160;
  const max = Math.max(1, ...points.flatMap((p) => levels.map((l) => p.counts[l] ?? 0)));
  const x = (i: number) => 30 + (i * (width - 40)) / (points.length - 1);
  const y = (v: number) => height - 20 - (v * (height - 40)) / max;
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Residual risks by level over revisions">
        <line x1={30} y1={height - 20} x2={width - 10} y2={height - 20} className="axis" />
        {levels.map((level) => (
          <polyline
            key={level}
            className={`trend trend-${level.replace(/[^a-z]/g, '')}`}
            points={points.map((p, i) => `${x(i)},${y(p.counts[level] ?? 0)}`).join(' ')}
          />
        ))}
        {points.map((p, i) => (
          <text key={p.revision} x={x(i)} y={height - 5} className="tick">
            r{p.revision}
          </text>
        ))}
      </svg>
      <figcaption>
        Residual risks by level per revision (max {max}):{' '}
        {levels.map((l) => (
          <span key={l} className={`key level-${l.replace(/[^a-z]/g, '')}`}>
            {l}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
