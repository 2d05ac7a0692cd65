/**
 * What assessment format 2 says beyond statuses: conformance statements per product, the questions the model leaves
 * open, consistency findings, a control's status per product and the scope a status change is for. Each verdict
 * is shown as the engine gives it: `undetermined` stays undetermined, with its reason.
 */

// The engine's own types: type-only imports, erased from the bundle, so the shapes cannot drift from the JSON.
import type { ConformanceStatement, Finding, ProvisionStatement, Question, Truth } from '../../src/assess/assessment';
import type { SourcePosition } from '../../src/util/diagnostics';
import { Link } from './App';

export type { ConformanceStatement, Finding, Question };
export interface SystemParts {
  products: { id: string; name: string }[];
  elements: { id: string; name: string }[];
}

const truth = (t: Truth, yes: string, no: string) => (t === 'unknown' ? 'undetermined' : t ? yes : no);
const line = (source: SourcePosition) => (source.line ? `line ${source.line}` : 'the model');

/** A link to the model tab, scrolled to the line a finding or question is about. */
export function ModelLine(props: { systemId: string; source: SourcePosition }) {
  if (!props.source.line) return <span>the model</span>;
  return (
    <Link to={`/systems/${encodeURIComponent(props.systemId)}/model/${props.source.line}`}>{line(props.source)}</Link>
  );
}

export function Findings(props: { findings: Finding[]; systemId: string; title: string }) {
  if (props.findings.length === 0) return <p>No consistency findings.</p>;
  return (
    <table>
      <caption>{props.title}</caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Finding</th>
          <th scope="col">What to do</th>
          <th scope="col">Where</th>
        </tr>
      </thead>
      <tbody>
        {props.findings.map((f) => (
          <tr key={`${f.kind}:${f.control ?? f.risk ?? ''}:${f.subject ?? ''}:${f.message}`} data-finding={f.kind}>
            <td>{f.kind}</td>
            <td>{f.message}</td>
            <td>{f.action}</td>
            <td>
              <ModelLine systemId={props.systemId} source={f.source} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Questions(props: { questions: Question[]; systemId: string }) {
  if (props.questions.length === 0) return <p>The model states every fact the assessment depends on.</p>;
  return (
    <table>
      <caption>
        Facts the model does not state: each leaves the verdicts that depend on it undetermined until answered
      </caption>
      <thead>
        <tr>
          <th scope="col">Question</th>
          <th scope="col">About</th>
          <th scope="col">Decides</th>
        </tr>
      </thead>
      <tbody>
        {props.questions.map((q) => (
          <tr key={q.id} data-question={q.id}>
            <th scope="row">
              {q.title} <code>{q.key}</code>
            </th>
            <td>
              <ul className="plain">
                {q.subjects.map((s) => (
                  <li key={s.id}>
                    {s.name} (<ModelLine systemId={props.systemId} source={s.source} />)
                  </li>
                ))}
              </ul>
            </td>
            <td>
              {[
                q.rules.length > 0 && `rules: ${q.rules.join(', ')}`,
                q.controls.length > 0 && `controls: ${q.controls.join(', ')}`,
                q.requirements.length > 0 && `requirements: ${q.requirements.join(', ')}`,
              ]
                .filter(Boolean)
                .join('; ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the system-wide and the per-product statements share. */
type ProvisionRow = Pick<ProvisionStatement, 'id' | 'title' | 'status' | 'applies' | 'inForce' | 'support' | 'reason'>;

function ProvisionTable(props: { caption: string; provisions: ProvisionRow[] }) {
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Provision</th>
          <th scope="col">Kind</th>
          <th scope="col">Support</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {props.provisions.map((p) => (
          <tr key={p.id} data-provision={p.id}>
            <th scope="row">
              {p.id} {p.title}
            </th>
            <td>
              {p.status}
              {!p.inForce && ' (not yet in force)'}
            </td>
            <td className={`support-${p.support}`}>
              {p.applies === false ? 'not applicable' : p.support}
              {p.applies === 'unknown' && ' (may not apply)'}
            </td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One section per framework: the statement over the system, then one per product in its scope. */
export function Conformance(props: { conformance: ConformanceStatement[] }) {
  return (
    <>
      {props.conformance.map((s) => (
        <section key={s.framework} aria-labelledby={`fw-${s.framework}`}>
          <h2 id={`fw-${s.framework}`}>{s.title}</h2>
          <p>
            In scope: {truth(s.scope.applies, 'yes', 'no')} — {s.scope.reason}. Supported {s.summary.supported} of{' '}
            {s.summary.applicable} applicable, {s.summary.partial} partly, {s.summary.undetermined} undetermined.
          </p>
          {s.products.map((p) => (
            <details key={p.product} data-product={p.product}>
              <summary>
                {p.name}: {truth(p.scope.applies, 'in scope', 'not in scope')} — supported {p.summary.supported} of{' '}
                {p.summary.applicable}, {p.summary.undetermined} undetermined
              </summary>
              <p>{p.scope.reason}</p>
              {p.provisions.length > 0 && (
                <ProvisionTable caption={`${s.shortTitle} for ${p.name}`} provisions={p.provisions} />
              )}
            </details>
          ))}
          <ProvisionTable caption={`${s.shortTitle} over all products in scope`} provisions={s.provisions} />
        </section>
      ))}
    </>
  );
}

/** What a status change needs to know of a control to offer only the scopes that change something. */
export interface ScopedControl {
  implementedAt: string;
  products: { product: string }[];
  subjects: { subject: string; type: string }[];
}

/**
 * The subjects a status change may be for: the products it applies to unless it is put in place per organisation;
 * for element-level controls the elements it is judged on, for flow- and data-level ones any element (their flows
 * and data go with them).
 */
export function scopeChoices(control: ScopedControl, parts: SystemParts): { value: string; label: string }[] {
  const level = control.implementedAt;
  const applies = new Set(control.products.map((p) => p.product));
  const products = level === 'organisation' ? [] : parts.products.filter((p) => applies.has(p.id));
  const judged = new Set(control.subjects.filter((s) => s.type === 'element').map((s) => s.subject));
  const elements =
    level === 'element'
      ? parts.elements.filter((e) => judged.has(e.id))
      : level === 'flow' || level === 'data-asset'
        ? parts.elements
        : [];
  return [
    { value: '', label: 'the whole system' },
    ...products.map((p) => ({ value: `products:${p.id}`, label: `product ${p.name}` })),
    ...elements.map((e) => ({ value: `elements:${e.id}`, label: `element ${e.name}` })),
  ];
}

/** `products:cam` → { products: ['cam'] }; '' → no scope. */
export function scopeOf(choice: string): Record<string, string[]> | undefined {
  const [key, id] = choice.split(':');
  return key && id ? { [key]: [id] } : undefined;
}

export function ScopeSelect(props: { control: ScopedControl; parts: SystemParts }) {
  return (
    <label>
      For
      <select name="scope" defaultValue="">
        {scopeChoices(props.control, props.parts).map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ProductStatuses(props: { products: { product: string; status: string }[]; parts: SystemParts }) {
  if (props.products.length === 0) return <p>It does not apply to any product.</p>;
  const name = (id: string) => props.parts.products.find((p) => p.id === id)?.name ?? id;
  return (
    <table>
      <caption>Status per product (the weakest over the product's parts)</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.products.map((p) => (
          <tr key={p.product} data-product={p.product}>
            <th scope="row">{name(p.product)}</th>
            <td>{p.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
