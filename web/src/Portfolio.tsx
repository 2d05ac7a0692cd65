/** All systems the user may read: risk levels, framework progress, overdue actions, expiring evidence. */
import { useEffect, useState } from 'react';
import { Link, navigate } from './App';
import { api } from './api';
import { LevelCounts, Progress } from './parts';

export interface Digest {
  name: string;
  date: string;
  levels: string[];
  summary: {
    risks: { total: number; residual: Record<string, number> };
    controls: { applicable: number; gaps: number };
  };
  coverage: { framework: string; title: string; applicable: number; supported: number; partial: number }[];
  overdue: number;
  expiringEvidence: number;
}

interface SystemRow {
  id: string;
  name: string;
  role: string | null;
  head: number | null;
  assessmentState: string | null;
  digest: Digest | null;
}

export function Portfolio() {
  const [systems, setSystems] = useState<SystemRow[] | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ systems: SystemRow[] }>('GET', '/api/systems').then(
      (r) => setSystems(r.systems),
      (e: Error) => setError(e.message),
    );
  }, []);
  return (
    <>
      <h1>Portfolio</h1>
      {error && <p role="alert">{error}</p>}
      {systems === undefined ? (
        <p>Loading…</p>
      ) : systems.length === 0 ? (
        <p>No systems yet. Upload a model below, or push one with `iotassure push`.</p>
      ) : (
        <table className="portfolio">
          <caption>Systems, their open risks by residual level and their framework progress</caption>
          <thead>
            <tr>
              <th scope="col">System</th>
              <th scope="col">Revision</th>
              <th scope="col">Residual risks</th>
              <th scope="col">Gaps</th>
              <th scope="col">Overdue</th>
              <th scope="col">Expiring evidence</th>
              <th scope="col">Framework progress</th>
            </tr>
          </thead>
          <tbody>
            {systems.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/systems/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                  <div className="muted">{s.role ?? 'administrator'}</div>
                </th>
                <td>
                  {s.head} {s.assessmentState !== 'done' && <span className="muted">({s.assessmentState})</span>}
                </td>
                <td>{s.digest && <LevelCounts levels={s.digest.levels} counts={s.digest.summary.risks.residual} />}</td>
                <td>{s.digest?.summary.controls.gaps}</td>
                <td className={s.digest?.overdue ? 'warn' : ''}>{s.digest?.overdue}</td>
                <td className={s.digest?.expiringEvidence ? 'warn' : ''}>{s.digest?.expiringEvidence}</td>
                <td>
                  {s.digest?.coverage.slice(0, 4).map((c) => (
                    <Progress key={c.framework} label={c.title} done={c.supported} total={c.applicable} />
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Upload />
    </>
  );
}

/** Upload a model file as a new system (or a new revision of one). */
function Upload() {
  const [message, setMessage] = useState('');
  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a model</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const file = form.get('file') as File;
          const id = String(form.get('id'));
          try {
            const r = await api<{ path: string }>('POST', `/api/systems/${encodeURIComponent(id)}/revisions`, {
              yaml: await file.text(),
              message: `uploaded ${file.name}`,
            });
            navigate(r.path);
          } catch (err) {
            const details = (err as { details?: { diagnostics?: { message: string; position?: { line: number } }[] } })
              .details?.diagnostics;
            setMessage(
              [
                (err as Error).message,
                ...(details ?? []).map((d) => `line ${d.position?.line ?? '?'}: ${d.message}`),
              ].join('\n'),
            );
          }
        }}
      >
        <label>
          System id <input name="id" required pattern="[a-z0-9][a-z0-9._\-]{0,63}" />
        </label>
        <label>
          Model file (YAML) <input name="file" type="file" accept=".yaml,.yml,.json" required />
        </label>
        <button type="submit">Upload</button>
        {message && (
          <pre role="alert" className="error">
            {message}
          </pre>
        )}
      </form>
    </section>
  );
}
