/**
 * One system: overview with trend and exports, its diagram, risks with the explanation of each level, privacy,
 * controls (status, evidence, comments, history), conformance statements, sign-off, audit log and the model. Rendered from the
 * assessment JSON; text from the model is only ever rendered as text.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { EvidenceRef, SubjectRef, SystemView } from '../../src/assess/assessment';
import { decodeAssessment } from '../../src/report/assessment-json';
import { evidenceForReaders, worstResidualFirst } from '../../src/report/text';
import { Link, type Me } from './App';
import { api } from './api';
import { Diff } from './Diff';
import type { Digest } from './Portfolio';
import { Privacy } from './Privacy';
import { ControlTable, LevelCounts, Progress, RiskCells, TrendChart } from './parts';
import {
  Conformance,
  type ConformanceStatement,
  type Finding,
  Findings,
  ProductStatuses,
  type Question,
  Questions,
  ScopeSelect,
  scopeOf,
} from './Statements';

interface Rated {
  likelihood: number;
  impact: number;
  level: string;
}
interface Risk {
  id: string;
  title: string;
  message: string;
  subject: Pick<SubjectRef, 'id' | 'type' | 'name'>;
  linddun: string[];
  inherent: Rated;
  residual: Rated;
  status: string;
  mitigations: { control: string; status: string; effective: boolean }[];
  treatment?: { treatment: string; owner?: string; justification?: string };
  explanation: {
    rule: { likelihood: number; impact: number };
    adjustments: string[];
    reducedBy: string[];
    computed: Rated;
    override?: { level: string; justification: string; by: string };
  };
}
interface Control {
  id: string;
  title: string;
  family: string;
  /** 'unknown' when the model does not say enough to decide */
  applies: boolean | 'unknown';
  reason: string;
  /** organisation, product, element, flow or data-asset: which scopes its statuses may name */
  implementedAt: string;
  status: string;
  declared?: string;
  products: { product: string; status: string }[];
  subjects: { subject: string; type: string; status: string }[];
  owner?: string;
  due?: string;
  stakeholders: { role: string }[];
  evidence: EvidenceRef[];
  risks: string[];
}
interface Assessment {
  date: string;
  model: { name: string };
  riskMatrix: { levels: string[] };
  risks: Risk[];
  controls: Control[];
  conformance: ConformanceStatement[];
  questions: Question[];
  findings: Finding[];
  system: SystemView;
  summary: { risks: { residual: Record<string, number> } };
}
interface SystemInfo {
  id: string;
  name: string;
  role: string | null;
  allowed: string[];
  head: { number: number; assessmentState: string; assessmentError: string | null } | null;
}

const TABS = [
  'overview',
  'diagram',
  'risks',
  'privacy',
  'controls',
  'conformance',
  'questions',
  'diff',
  'sign-off',
  'audit',
  'model',
] as const;
// The editor (CodeMirror) is a chunk of its own, downloaded when the model tab is first opened.
const ModelEditor = lazy(() => import('./ModelEditor'));
// So is the diagram with its layout engine (ELK), downloaded when the diagram tab is first opened.
const Diagram = lazy(() => import('./Diagram'));

const STATUSES = ['not-started', 'planned', 'implemented', 'verified', 'not-applicable'];
const FORMATS = ['json', 'md', 'html', 'sarif', 'oscal', 'csv'];

export function SystemPage(props: { id: string; rest: string; me: Me }) {
  const [info, setInfo] = useState<SystemInfo>();
  const [assessment, setAssessment] = useState<Assessment>();
  const [revision, setRevision] = useState<number>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const base = `/api/systems/${encodeURIComponent(props.id)}`;

  const load = useCallback(async () => {
    try {
      const i = await api<SystemInfo>('GET', base);
      setInfo(i);
      if (i.head?.assessmentState === 'pending') {
        setTimeout(() => void load(), 500);
        return;
      }
      const res = await fetch(`${base}/assessment`, { credentials: 'same-origin' });
      if (res.ok) {
        setRevision(Number(res.headers.get('x-iotassure-revision')));
        // The server sends the file as `assess --format json` writes it; decoding restores what format 3 leaves out.
        setAssessment(decodeAssessment(await res.json()) as Assessment);
      }
    } catch (e) {
      setError((e as Error).message);
    }
  }, [base]);
  useEffect(() => {
    void load();
  }, [load]);

  // the second part is a control id on the controls tab, a line number on the model tab
  const [tab, control] = props.rest.split('/');
  const current = (TABS as readonly string[]).includes(tab ?? '') ? tab : 'overview';
  const can = (action: string) => info?.allowed.includes(action) ?? false;
  const act = async (what: () => Promise<unknown>, done: string) => {
    setError('');
    // an earlier success must not read as this action's
    setNotice('');
    try {
      await what();
      setNotice(done);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!info) return <p>{error || 'Loading…'}</p>;
  return (
    <>
      <h1>{info.name}</h1>
      <p className="muted">
        Revision {info.head?.number} · your role: {info.role ?? 'administrator'}
        {info.head?.assessmentState === 'pending' && ' · assessing…'}
        {info.head?.assessmentState === 'failed' && ` · assessment failed: ${info.head.assessmentError}`}
      </p>
      <nav aria-label="system sections" className="tabs">
        {TABS.map((t) => (
          <Link key={t} to={`/systems/${encodeURIComponent(props.id)}/${t}`} className={t === current ? 'current' : ''}>
            {t}
          </Link>
        ))}
      </nav>
      <div aria-live="polite">
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {notice && !error && <p className="notice">{notice}</p>}
      </div>
      {!assessment || revision === undefined ? (
        <p>Waiting for the assessment…</p>
      ) : current === 'diagram' ? (
        <Suspense fallback={<p>Loading the diagram…</p>}>
          <Diagram assessment={assessment} systemId={props.id} />
        </Suspense>
      ) : current === 'privacy' ? (
        <Privacy assessment={assessment} systemId={props.id} />
      ) : current === 'risks' ? (
        <Risks assessment={assessment} base={base} revision={info.head!.number} can={can} act={act} />
      ) : current === 'controls' ? (
        control ? (
          <ControlDetail
            control={assessment.controls.find((c) => c.id === control)}
            assessment={assessment}
            systemId={props.id}
            base={base}
            revision={info.head!.number}
            can={can}
            act={act}
          />
        ) : (
          <Controls assessment={assessment} systemId={props.id} />
        )
      ) : current === 'conformance' ? (
        <Conformance conformance={assessment.conformance} />
      ) : current === 'questions' ? (
        <Questions questions={assessment.questions} systemId={props.id} />
      ) : current === 'diff' ? (
        <RevisionDiff base={base} />
      ) : current === 'sign-off' ? (
        <SignOff base={base} revision={revision} can={can} act={act} />
      ) : current === 'audit' ? (
        <Audit base={base} can={can} />
      ) : current === 'model' ? (
        <Suspense fallback={<p>Loading the editor…</p>}>
          <ModelEditor
            base={base}
            revision={info.head!.number}
            line={Number(control) || undefined}
            can={can}
            act={act}
          />
        </Suspense>
      ) : (
        <Overview assessment={assessment} systemId={props.id} base={base} revision={revision} />
      )}
    </>
  );
}

export type Act = (what: () => Promise<unknown>, done: string) => Promise<void>;

function Overview(props: { assessment: Assessment; systemId: string; base: string; revision: number }) {
  const { assessment: a } = props;
  const [history, setHistory] = useState<{ number: number; digest: Digest | null }[]>([]);
  useEffect(() => {
    api<{ revisions: { number: number; digest: Digest | null }[] }>('GET', `${props.base}/revisions`).then((r) =>
      setHistory(r.revisions),
    );
  }, [props.base]);
  const points = history
    .filter((r) => r.digest)
    .reverse()
    .map((r) => ({ revision: r.number, counts: r.digest!.summary.risks.residual }));
  return (
    <>
      <section aria-labelledby="summary">
        <h2 id="summary">
          Summary (assessed {a.date}, revision {props.revision})
        </h2>
        <p>
          Residual risks: <LevelCounts levels={a.riskMatrix.levels} counts={a.summary.risks.residual} />
        </p>
        {a.conformance.map((c) => (
          <Progress
            key={c.framework}
            label={`${c.shortTitle} (supported over all products)`}
            done={c.summary.supported}
            total={c.summary.applicable}
          />
        ))}
        <p>
          <Link to={`/systems/${encodeURIComponent(props.systemId)}/questions`}>
            {a.questions.length} question{a.questions.length === 1 ? '' : 's'}
          </Link>{' '}
          the model leaves open; {a.findings.length} consistency finding{a.findings.length === 1 ? '' : 's'}.
        </p>
      </section>
      <section aria-labelledby="findings">
        <h2 id="findings">Consistency findings</h2>
        <Findings
          findings={a.findings}
          systemId={props.systemId}
          title="Where the model contradicts itself or a claim lacks what it needs"
        />
      </section>
      <section aria-labelledby="trend">
        <h2 id="trend">Trend</h2>
        <TrendChart levels={a.riskMatrix.levels} points={points} />
      </section>
      <section aria-labelledby="exports">
        <h2 id="exports">Reports</h2>
        <ul className="inline">
          {FORMATS.map((f) => (
            <li key={f}>
              <a href={`${props.base}/revisions/${props.revision}/export/${f}`} download>
                {f.toUpperCase()}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Risks(props: {
  assessment: Assessment;
  base: string;
  revision: number;
  can: (a: string) => boolean;
  act: Act;
}) {
  const risks = worstResidualFirst(props.assessment.riskMatrix.levels, props.assessment.risks);
  return (
    <table>
      <caption>Risks, highest residual level first, with how each level came about</caption>
      <thead>
        <tr>
          <th scope="col">Residual</th>
          <th scope="col">Risk</th>
          <th scope="col">Why this level</th>
          <th scope="col">Treatment</th>
        </tr>
      </thead>
      <tbody>
        {risks.map((r) => (
          <tr key={r.id} data-risk={r.id}>
            <RiskCells level={r.residual.level} title={r.title} detail={r.subject.name} />
            <td>
              <RiskExplanation risk={r} />
              {r.mitigations.filter((m) => m.effective).length} of {r.mitigations.length} mitigating controls in place
              {r.mitigations.length > 0 && (
                <ul>
                  {r.mitigations.map((m) => (
                    <li key={m.control}>
                      {m.control}: {m.status}
                      {m.effective ? ' (reduces it)' : ''}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              {r.status}
              {r.treatment && ` — ${r.treatment.treatment}${r.treatment.owner ? ` by ${r.treatment.owner}` : ''}`}
              {props.can('risk.accept') && r.status !== 'accepted' && (
                <form
                  className="compact"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const f = new FormData(e.currentTarget);
                    void props.act(
                      () =>
                        api('PUT', `${props.base}/risks/${encodeURIComponent(r.id)}`, {
                          base: props.revision,
                          treatment: 'accept',
                          justification: f.get('justification'),
                          reviewBy: f.get('reviewBy'),
                        }),
                      `Accepted ${r.title}`,
                    );
                  }}
                >
                  <label>
                    Reason <input name="justification" required />
                  </label>
                  <label>
                    Review by <input name="reviewBy" type="date" required />
                  </label>
                  <button type="submit">Accept risk</button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The diff tab over the revisions that have an assessment, newest first. */
function RevisionDiff(props: { base: string }) {
  const [assessed, setAssessed] = useState<number[]>();
  useEffect(() => {
    api<{ revisions: { number: number; digest: Digest | null }[] }>('GET', `${props.base}/revisions`).then((r) =>
      setAssessed(r.revisions.filter((x) => x.digest).map((x) => x.number)),
    );
  }, [props.base]);
  return assessed ? <Diff base={props.base} revisions={assessed} /> : <p>Loading…</p>;
}

function RiskExplanation(props: { risk: Risk }) {
  const { explanation: e, inherent, residual } = props.risk;
  return (
    <ul className="plain" aria-label="how the level came about">
      <li>
        rule default: likelihood {e.rule.likelihood} × impact {e.rule.impact}
      </li>
      {e.adjustments.map((a) => (
        <li key={a}>adjusted: {a}</li>
      ))}
      <li>
        inherent {inherent.level} ({inherent.likelihood} × {inherent.impact})
      </li>
      {e.reducedBy.length > 0 && <li>reduced by: {e.reducedBy.join(', ')}</li>}
      <li>
        computed residual {e.computed.level} ({e.computed.likelihood} × {e.computed.impact})
      </li>
      {e.override && (
        <li>
          set to {e.override.level} by {e.override.by}: {e.override.justification}
        </li>
      )}
      {!e.override && e.computed.level !== residual.level && <li>residual {residual.level}</li>}
    </ul>
  );
}

function Controls(props: { assessment: Assessment; systemId: string }) {
  const [filter, setFilter] = useState('');
  const controls = props.assessment.controls.filter(
    (c) => c.applies !== false && (filter === '' || `${c.id} ${c.title} ${c.status}`.includes(filter)),
  );
  return (
    <>
      <label>
        Filter controls <input value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <ControlTable
        controls={controls}
        systemId={props.systemId}
        caption="Statement of applicability: the controls that apply, their status, owner and evidence"
      />
    </>
  );
}

function ControlDetail(props: {
  control: Control | undefined;
  assessment: Assessment;
  systemId: string;
  base: string;
  revision: number;
  can: (a: string) => boolean;
  act: Act;
}) {
  const c = props.control;
  const [comments, setComments] = useState<{ id: string; author_name: string; body: string; created_at: string }[]>([]);
  const [history, setHistory] = useState<
    { seq: number; at: string; actor: string; action: string; details: Record<string, unknown> }[]
  >([]);
  const reload = useCallback(async () => {
    if (!c) return;
    const [cm, h] = await Promise.all([
      api<{ comments: typeof comments }>('GET', `${props.base}/comments?target=control:${c.id}`),
      api<{ entries: typeof history }>('GET', `${props.base}/history?control=${c.id}`),
    ]);
    setComments(cm.comments);
    setHistory(h.entries);
  }, [c, props.base]);
  useEffect(() => {
    void reload();
  }, [reload]);
  if (!c) return <p>No such control in this assessment.</p>;
  const fileUrl = (location?: string) =>
    location?.startsWith('sha256:') ? `${props.base}/files/${location.slice(7)}` : undefined;
  return (
    <>
      <h2>{c.title}</h2>
      <p className="muted">
        {c.id} · {c.family} · owed by {c.stakeholders.map((s) => s.role).join(', ')} · {c.reason}
      </p>
      <form
        aria-label="control status"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const update: Record<string, unknown> = { base: props.revision, status: f.get('status') };
          for (const key of ['owner', 'due']) if (f.get(key)) update[key] = f.get(key);
          const scope = scopeOf(String(f.get('scope') ?? ''));
          if (scope) update.scope = scope;
          void props.act(() => api('PUT', `${props.base}/controls/${c.id}`, update), `Saved ${c.title}`);
        }}
      >
        <fieldset disabled={!props.can('control.edit')}>
          <legend>Status</legend>
          <ScopeSelect control={c} parts={props.assessment.system} />
          <label>
            Status
            <select name="status" defaultValue={c.status}>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Owner <input name="owner" defaultValue={c.owner} />
          </label>
          <label>
            Due <input name="due" type="date" defaultValue={c.due} />
          </label>
          <button type="submit">Save status</button>
        </fieldset>
      </form>
      <section aria-labelledby="per-product">
        <h3 id="per-product">Per product</h3>
        <p>
          Weakest status over every subject: {c.status}
          {c.declared && ` (declared for the whole system: ${c.declared})`}; put in place per {c.implementedAt}.
        </p>
        <ProductStatuses products={c.products} parts={props.assessment.system} />
      </section>
      <section aria-labelledby="control-findings">
        <h3 id="control-findings">Findings</h3>
        <Findings
          findings={props.assessment.findings.filter((f) => f.control === c.id)}
          systemId={props.systemId}
          title={`Consistency findings on ${c.title}`}
        />
      </section>
      <section aria-labelledby="evidence">
        <h3 id="evidence">Evidence</h3>
        <ul>
          {evidenceForReaders(c.evidence).map((e) => (
            <li key={e.id}>
              {fileUrl(e.location) ? (
                <a href={fileUrl(e.location)} download>
                  {e.title}
                </a>
              ) : (
                e.title
              )}{' '}
              <span className="muted">
                {e.kind === 'model' && e.location} {e.by && `by ${e.by}`} {e.collected && `on ${e.collected}`}{' '}
                {e.expires && `· expires ${e.expires}`}
              </span>
            </li>
          ))}
        </ul>
        <form
          aria-label="upload evidence"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const file = f.get('file') as File;
            const query = new URLSearchParams({
              base: String(props.revision),
              title: String(f.get('title')),
              filename: file.name,
              kind: String(f.get('kind')),
            });
            if (f.get('expires')) query.set('expires', String(f.get('expires')));
            for (const [key, ids] of Object.entries(scopeOf(String(f.get('scope') ?? '')) ?? {}))
              query.set(key, ids.join(','));
            void props.act(
              async () => api('POST', `${props.base}/controls/${c.id}/evidence?${query}`, await file.arrayBuffer()),
              `Uploaded ${file.name}`,
            );
          }}
        >
          <fieldset disabled={!props.can('evidence.upload')}>
            <legend>Upload evidence</legend>
            <ScopeSelect control={c} parts={props.assessment.system} />
            <label>
              File <input name="file" type="file" required />
            </label>
            <label>
              Title <input name="title" required />
            </label>
            <label>
              Kind
              <select name="kind" defaultValue="document">
                {['document', 'attestation', 'test', 'check', 'record'].map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </label>
            <label>
              Expires <input name="expires" type="date" />
            </label>
            <button type="submit">Upload</button>
          </fieldset>
        </form>
      </section>
      <section aria-labelledby="comments">
        <h3 id="comments">Comments</h3>
        <ul>
          {comments.map((m) => (
            <li key={m.id}>
              <strong>{m.author_name}</strong> <span className="muted">{m.created_at}</span>
              <p className="comment">{m.body}</p>
            </li>
          ))}
        </ul>
        {props.can('comment.create') && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const body = String(new FormData(form).get('body'));
              void props.act(async () => {
                await api('POST', `${props.base}/comments`, { target: `control:${c.id}`, body });
                form.reset();
                await reload();
              }, 'Comment added');
            }}
          >
            <label>
              Comment <textarea name="body" required />
            </label>
            <button type="submit">Add comment</button>
          </form>
        )}
      </section>
      <section aria-labelledby="history">
        <h3 id="history">History</h3>
        <ul>
          {history.map((h) => (
            <li key={h.seq}>
              {h.at} {h.action} by {h.actor} {JSON.stringify(h.details)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function SignOff(props: { base: string; revision: number; can: (a: string) => boolean; act: Act }) {
  const [state, setState] = useState<{
    steps: { step: string; name: string; role: string; at: string }[];
    signedOff: boolean;
  }>();
  const url = `${props.base}/revisions/${props.revision}/signoff`;
  const reload = useCallback(() => api<typeof state>('GET', url).then(setState), [url]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const next = ['prepared', 'reviewed', 'approved'].find((s) => !state?.steps.some((x) => x.step === s));
  const action = { prepared: 'signoff.prepare', reviewed: 'signoff.review', approved: 'signoff.approve' }[
    next ?? 'prepared'
  ]!;
  return (
    <section aria-labelledby="signoff">
      <h2 id="signoff">
        Sign-off of revision {props.revision} {state?.signedOff && '— signed off'}
      </h2>
      <ol>
        {state?.steps.map((s) => (
          <li key={s.step}>
            {s.step} by {s.name} ({s.role}) at {s.at}
          </li>
        ))}
      </ol>
      {next && props.can(action) && (
        <button
          type="button"
          onClick={() =>
            void props.act(async () => {
              await api('POST', url, { step: next });
              await reload();
            }, `Revision ${props.revision} ${next}`)
          }
        >
          Mark as {next}
        </button>
      )}
      {next && !props.can(action) && <p className="muted">The next step ({next}) is for another role.</p>}
    </section>
  );
}

function Audit(props: { base: string; can: (a: string) => boolean }) {
  const [entries, setEntries] =
    useState<{ seq: number; at: string; actor: string; action: string; details: string; hash: string }[]>();
  const [error, setError] = useState('');
  useEffect(() => {
    if (!props.can('audit.read')) return;
    api<{ entries: NonNullable<typeof entries> }>('GET', `${props.base}/audit?limit=500`).then(
      (r) => setEntries(r.entries),
      (e: Error) => setError(e.message),
    );
  }, [props.base, props.can]);
  if (!props.can('audit.read')) return <p>Your role does not show the audit log.</p>;
  const exportUrl = entries
    ? URL.createObjectURL(
        new Blob([entries.map((e) => JSON.stringify(e)).join('\n')], { type: 'application/x-ndjson' }),
      )
    : undefined;
  return (
    <section aria-labelledby="audit">
      <h2 id="audit">Audit log</h2>
      {error && <p role="alert">{error}</p>}
      {exportUrl && (
        <a href={exportUrl} download="audit-log.jsonl">
          Export (JSON lines)
        </a>
      )}
      <table>
        <caption>Changes to this system, newest first; each entry is chained to the one before by its hash</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries?.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{e.at}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>
                <code>{e.details}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
