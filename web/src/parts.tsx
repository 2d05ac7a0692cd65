/** Small shared pieces: level badges, a risk's cells, progress bars, a table of controls, a trend chart drawn as SVG. */
import { Link } from './App';

export function Level(props: { level: string }) {
  return <span className={`level level-${props.level.replace(/[^a-z]/g, '')}`}>{props.level}</span>;
}

/** A risk's first cells: its residual level, then its title as the row's header over a muted line. */
export function RiskCells(props: { level: string; title: string; detail: string }) {
  return (
    <>
      <td>
        <Level level={props.level} />
      </td>
      <th scope="row">
        {props.title}
        <div className="muted">{props.detail}</div>
      </th>
    </>
  );
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

export interface ControlRow {
  id: string;
  title: string;
  /** 'unknown' when the model does not say enough to decide */
  applies: boolean | 'unknown';
  status: string;
  owner?: string;
  due?: string;
  stakeholders: { role: string }[];
  evidence: unknown[];
}

/** Controls with who owes them, their status, owner, due date and evidence; each links to its page. */
export function ControlTable(props: { controls: ControlRow[]; systemId: string; caption: string; id?: string }) {
  return (
    <table id={props.id}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Control</th>
          <th scope="col">Owed by</th>
          <th scope="col">Status</th>
          <th scope="col">Owner</th>
          <th scope="col">Due</th>
          <th scope="col">Evidence</th>
        </tr>
      </thead>
      <tbody>
        {props.controls.map((c) => (
          <tr key={c.id} data-control={c.id}>
            <th scope="row">
              <Link to={`/systems/${encodeURIComponent(props.systemId)}/controls/${c.id}`}>{c.title}</Link>
              <div className="muted">
                {c.id}
                {c.applies === 'unknown' && ' · may apply'}
              </div>
            </th>
            <td>{c.stakeholders.map((s) => s.role).join(', ')}</td>
            <td>{c.status}</td>
            <td>{c.owner}</td>
            <td>{c.due}</td>
            <td>{c.evidence.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
