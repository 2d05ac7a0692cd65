/**
 * The privacy tab: what the reports' privacy section shows — the personal data inventory, where it is kept and
 * sent, the flows that carry it, the LINDDUN threats — and the status of the privacy controls. The rows come from
 * the functions every report uses (src/report/text.ts); this file only lays them out.
 */
import type { SystemView } from '../../src/assess/assessment';
import {
  capList,
  personalDataAssets,
  personalDataDestinations,
  personalDataFlows,
  privacyControls,
  privacyThreats,
} from '../../src/report/text';
import { Link } from './App';
import { type ControlRow, ControlTable, RiskCells } from './parts';

export interface PrivacyInput {
  system: SystemView;
  riskMatrix: { levels: string[] };
  risks: {
    id: string;
    title: string;
    message: string;
    linddun: string[];
    subject: { name: string };
    residual: { level: string };
  }[];
  controls: (ControlRow & { family: string })[];
}

const NOT_STATED = <span className="warn">not stated</span>;

/** The reports' note under a capped table: how many rows are shown, and that the JSON report has them all. */
function Note(props: { cut?: string }) {
  return props.cut ? <p className="muted">{props.cut} (Reports, on the overview tab).</p> : null;
}

function Inventory(props: { a: PrivacyInput; names: (id: string) => string }) {
  const { rows: shown, cut } = capList(personalDataAssets(props.a), 'personal data assets');
  if (shown.length === 0) return <p>The model declares no personal data.</p>;
  return (
    <>
      <table id="pd-inventory">
        <caption>Personal data inventory: what is kept about whom, why, on what basis and for how long</caption>
        <thead>
          <tr>
            <th scope="col">Data asset</th>
            <th scope="col">Categories</th>
            <th scope="col">Sensitive</th>
            <th scope="col">Data subjects</th>
            <th scope="col">Purposes</th>
            <th scope="col">Legal basis</th>
            <th scope="col">Retention</th>
            <th scope="col">Stored in</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.id} data-asset={d.id}>
              <th scope="row">
                {d.name}
                <div className="muted">{d.id}</div>
              </th>
              <td>{d.personalData?.categories.join(', ')}</td>
              <td>{d.personalData?.sensitive ? <span className="warn">yes</span> : 'no'}</td>
              <td>{d.personalData?.subjects.join(', ')}</td>
              <td>{d.purposes.join('; ') || NOT_STATED}</td>
              <td>{d.legalBasis ?? NOT_STATED}</td>
              <td>{d.retention ?? NOT_STATED}</td>
              <td>{d.storedIn.map(props.names).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Note cut={cut} />
    </>
  );
}

function Destinations(props: { a: PrivacyInput; place: (id: string) => string }) {
  const { rows: shown, cut } = capList(personalDataDestinations(props.a), 'personal data assets');
  if (shown.length === 0) return <p>No personal data moves or is stored.</p>;
  return (
    <>
      <table id="pd-destinations">
        <caption>Where personal data goes: the elements that store it and those it is sent to</caption>
        <thead>
          <tr>
            <th scope="col">Data asset</th>
            <th scope="col">Stored in</th>
            <th scope="col">Sent to</th>
            <th scope="col">Flows</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.asset.id}>
              <th scope="row">{r.asset.name}</th>
              <td>{r.storedIn.map(props.place).join(', ') || '—'}</td>
              <td>{r.sentTo.map(props.place).join(', ') || '—'}</td>
              <td>{r.flows.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Note cut={cut} />
    </>
  );
}

function Flows(props: { a: PrivacyInput; names: (id: string) => string; data: (id: string) => string }) {
  const { rows: shown, cut } = capList(personalDataFlows(props.a), 'flows carrying personal data');
  if (shown.length === 0) return <p>No flow carries personal data.</p>;
  return (
    <>
      <table id="pd-flows">
        <caption>Flows that carry personal data, with their protection</caption>
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">From → to</th>
            <th scope="col">Personal data</th>
            <th scope="col">Protocol</th>
            <th scope="col">Encryption / authentication</th>
            <th scope="col">Crosses a boundary</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ flow: f, personal }) => (
            <tr key={f.id} data-flow={f.id}>
              <th scope="row">{f.id}</th>
              <td>
                {props.names(f.from)} → {props.names(f.to)}
              </td>
              <td>{personal.map(props.data).join(', ')}</td>
              <td>{f.protocol}</td>
              <td>
                {f.encryption} / {f.authentication}
              </td>
              <td>{f.crossesBoundary ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Note cut={cut} />
    </>
  );
}

function Threats(props: { a: PrivacyInput; systemId: string }) {
  const { rows: shown, cut } = capList(privacyThreats(props.a), 'privacy risks');
  if (shown.length === 0) return <p>No LINDDUN privacy threats were identified.</p>;
  return (
    <>
      <table id="pd-linddun">
        <caption>
          Privacy threats (LINDDUN), worst residual level first; the{' '}
          <Link to={`/systems/${encodeURIComponent(props.systemId)}/risks`}>risks tab</Link> explains each level
        </caption>
        <thead>
          <tr>
            <th scope="col">Residual</th>
            <th scope="col">Threat</th>
            <th scope="col">LINDDUN</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-risk={r.id}>
              <RiskCells level={r.residual.level} title={r.title} detail={r.message} />
              <td>{r.linddun.join(', ')}</td>
              <td>{r.subject.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Note cut={cut} />
    </>
  );
}

function Controls(props: { a: PrivacyInput; systemId: string }) {
  const controls = privacyControls(props.a);
  if (controls.length === 0) return <p>No privacy control applies to this system.</p>;
  return (
    <ControlTable
      id="pd-controls"
      controls={controls}
      systemId={props.systemId}
      caption="Privacy controls that apply (or may: the model leaves their condition open), with their status"
    />
  );
}

export function Privacy(props: { assessment: PrivacyInput; systemId: string }) {
  const a = props.assessment;
  const elements = new Map(a.system.elements.map((e) => [e.id, e]));
  const zones = new Map(a.system.zones.map((z) => [z.id, z.name]));
  const data = new Map(a.system.dataAssets.map((d) => [d.id, d.name]));
  const names = (id: string) => elements.get(id)?.name ?? id;
  const place = (id: string) => {
    const zone = elements.get(id)?.zone;
    return zone === undefined ? names(id) : `${names(id)} (${zones.get(zone) ?? zone})`;
  };
  return (
    <>
      <section aria-labelledby="privacy-inventory">
        <h2 id="privacy-inventory">Personal data inventory</h2>
        <Inventory a={a} names={names} />
      </section>
      <section aria-labelledby="privacy-destinations">
        <h2 id="privacy-destinations">Where it goes</h2>
        <Destinations a={a} place={place} />
      </section>
      <section aria-labelledby="privacy-flows">
        <h2 id="privacy-flows">Flows that carry it</h2>
        <Flows a={a} names={names} data={(id) => data.get(id) ?? id} />
      </section>
      <section aria-labelledby="privacy-threats">
        <h2 id="privacy-threats">LINDDUN threats</h2>
        <Threats a={a} systemId={props.systemId} />
      </section>
      <section aria-labelledby="privacy-controls">
        <h2 id="privacy-controls">Privacy controls</h2>
        <Controls a={a} systemId={props.systemId} />
      </section>
    </>
  );
}
