/** What changed between the assessments of two revisions, as `iotassure diff` reports it. */
import { useEffect, useState } from 'react';
import type { AssessmentDiff } from '../../src/report/diff';
import { api } from './api';

const state = (s?: { status: string }) => s?.status ?? '—';

export function Diff(props: { base: string; revisions: number[] }) {
  const [to, setTo] = useState(props.revisions[0]);
  const [from, setFrom] = useState(props.revisions[1] ?? props.revisions[0]);
  const [diff, setDiff] = useState<AssessmentDiff>();
  const [error, setError] = useState('');
  useEffect(() => {
    if (from === undefined || to === undefined) return;
    setError('');
    api<{ diff: AssessmentDiff }>('GET', `${props.base}/diff?from=${from}&to=${to}`).then(
      (r) => setDiff(r.diff),
      (e: Error) => setError(e.message),
    );
  }, [props.base, from, to]);
  if (props.revisions.length === 0) return <p>No assessed revision yet.</p>;
  const pick = (label: string, value: number | undefined, set: (n: number) => void) => (
    <label>
      {label}
      <select value={value} onChange={(e) => set(Number(e.target.value))}>
        {props.revisions.map((n) => (
          <option key={n} value={n}>
            revision {n}
          </option>
        ))}
      </select>
    </label>
  );
  const s = diff?.summary;
  return (
    <section aria-labelledby="diff">
      <h2 id="diff">Changes between two revisions</h2>
      <form className="compact" onSubmit={(e) => e.preventDefault()}>
        {pick('From', from, setFrom)}
        {pick('To', to, setTo)}
      </form>
      {error && <p role="alert">{error}</p>}
      {diff && s && (
        <>
          <p data-summary="diff">
            {s.newRisks} new risks, {s.closedRisks} closed, {s.levelChanges} changed level, {s.statusChanges} changed
            status; {s.controlChanges} controls changed; {s.gapsOpened} gaps opened, {s.gapsClosed} closed;{' '}
            {s.frameworksChanged} frameworks changed.
          </p>
          {diff.warnings.map((w) => (
            <p key={w} className="error">
              {w}
            </p>
          ))}
          <table>
            <caption>Risks added, closed or at another level</caption>
            <thead>
              <tr>
                <th scope="col">Risk</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {[
                ...diff.risks.added.map((r) => [r, `new (${r.level})`] as const),
                ...diff.risks.closed.map((r) => [r, `closed (was ${r.level})`] as const),
                ...diff.risks.levelChanged.map((r) => [r, `level ${r.from} → ${r.to}`] as const),
                ...diff.risks.statusChanged.map((r) => [r, `status ${r.from} → ${r.to}`] as const),
              ].map(([r, change]) => (
                <tr key={`${r.id}:${change}`} data-risk={r.id}>
                  <th scope="row">
                    {r.title} <span className="muted">{r.subject}</span>
                  </th>
                  <td>{change}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Controls whose status changed, overall and per product</caption>
            <thead>
              <tr>
                <th scope="col">Control</th>
                <th scope="col">Status</th>
                <th scope="col">Per product</th>
              </tr>
            </thead>
            <tbody>
              {diff.controls.map((c) => (
                <tr key={c.id} data-control={c.id}>
                  <th scope="row">{c.title}</th>
                  <td>
                    {state(c.from)} → {state(c.to)}
                  </td>
                  <td>
                    <ul className="plain">
                      {c.products.map((p) => (
                        <li key={p.product}>
                          {p.product}: {p.from ?? '—'} → {p.to ?? '—'}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Framework progress (supported of applicable, undetermined)</caption>
            <thead>
              <tr>
                <th scope="col">Framework</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {diff.frameworks.map((f) => (
                <tr key={f.framework}>
                  <th scope="row">{f.title}</th>
                  <td>
                    {f.old ? `${f.old.supported} of ${f.old.applicable}, ${f.old.undetermined} undetermined` : '—'}
                  </td>
                  <td>
                    {f.new ? `${f.new.supported} of ${f.new.applicable}, ${f.new.undetermined} undetermined` : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
