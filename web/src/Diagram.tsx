/**
 * The diagram tab: the system's data-flow diagram, drawn from the same spec, layout and scene as the HTML and PDF
 * reports (src/report/diagram), as React SVG elements with the same attributes as the report's markup
 * (svg-shapes.ts), so model text only ever becomes text nodes. Selecting an element or a flow (click, or Tab to
 * it) lists the risks found on it. Above the reports' limits the diagram is summarised the same way, so the browser
 * never lays out more than a hundred elements; ELK lays out in a web worker (elk-worker.ts), loaded with the tab.
 */
import { createElement, useEffect, useMemo, useState } from 'react';
import type { Assessment, Risk, SubjectRef, SystemView } from '../../src/assess/assessment';
import { diagramDescription, modeNote } from '../../src/report/diagram/describe';
import { layoutDiagram } from '../../src/report/diagram/layout';
import { diagramSpec } from '../../src/report/diagram/model';
import {
  diagramScene,
  LEGEND_SAMPLE,
  legendEntries,
  type Scene,
  type SceneItem,
  type Shape,
} from '../../src/report/diagram/scene';
import { svgShape } from '../../src/report/diagram/svg-shapes';
import { worstResidualFirst } from '../../src/report/text';
import { Link } from './App';
import { workerElk } from './elk-worker';
import { Level } from './parts';

type DiagramRisk = Pick<Risk, 'id' | 'title' | 'message' | 'linddun'> & {
  subject: Pick<SubjectRef, 'id' | 'type' | 'name'>;
  residual: { level: string };
};
export interface DiagramInput {
  model: { name: string };
  system: SystemView;
  riskMatrix: Pick<Assessment['riskMatrix'], 'levels'>;
  risks: DiagramRisk[];
}

interface Selection {
  type: 'element' | 'flow';
  id: string;
  title: string;
}

/** What a scene item stands for in the model: an element (detailed nodes) or a flow; summaries have neither. */
function selectionOf(item: SceneItem): Selection | undefined {
  const element = item.data['element-id'];
  if (element !== undefined) return { type: 'element', id: element, title: item.title };
  const flow = item.data['flow-id'];
  return flow === undefined ? undefined : { type: 'flow', id: flow, title: item.title };
}

function ShapeElement(props: { shape: Shape }) {
  const { tag, attributes, text } = svgShape(props.shape);
  return createElement(tag, Object.fromEntries(attributes), text);
}

function Item(props: { item: SceneItem; selected: boolean; onSelect: (s: Selection) => void }) {
  const { item } = props;
  const target = selectionOf(item);
  const data = Object.fromEntries(Object.entries(item.data).map(([k, v]) => [`data-${k}`, v]));
  const classes = [...item.classes, ...(props.selected ? ['selected'] : [])].join(' ');
  const content = (
    <>
      {/* the full text: the tooltip on hover, and the name a screen reader gives the element or flow */}
      <title>{item.title}</title>
      {item.shapes.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an item's shapes have no identity but their position
        <ShapeElement key={i} shape={s} />
      ))}
    </>
  );
  // An element's box and a flow's label are what one selects; a flow's line is not, so each flow is one Tab stop.
  if (target === undefined || item.kind === 'flow') {
    return (
      <g className={classes} {...data}>
        {content}
      </g>
    );
  }
  // focus selects, so a click, Tab or a key pressed on it all show its risks
  const select = () => props.onSelect(target);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be an HTML button; the role makes it one
    <g className={classes} {...data} role="button" tabIndex={0} onClick={select} onFocus={select} onKeyDown={select}>
      {content}
    </g>
  );
}

function DiagramSvg(props: {
  scene: Scene;
  mode: string;
  title: string;
  desc: string;
  selected?: Selection;
  onSelect: (s: Selection) => void;
}) {
  const w = Math.ceil(props.scene.width);
  const h = Math.ceil(props.scene.height);
  const { selected } = props;
  return (
    <svg
      className="system-diagram"
      viewBox={`0 0 ${w} ${h}`}
      width={w}
      height={h}
      aria-labelledby="diagram-title"
      aria-describedby="diagram-desc"
      data-mode={props.mode}
      preserveAspectRatio="xMidYMin meet"
    >
      <title id="diagram-title">{props.title}</title>
      <desc id="diagram-desc">{props.desc}</desc>
      {props.scene.items.map((item, i) => {
        const target = selectionOf(item);
        const isSelected = target !== undefined && target.type === selected?.type && target.id === selected.id;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the scene's paint order is its identity
          <Item key={i} item={item} selected={isSelected} onSelect={props.onSelect} />
        );
      })}
    </svg>
  );
}

function Legend(props: { entries: ReturnType<typeof legendEntries> }) {
  const { width, height } = LEGEND_SAMPLE;
  return (
    <ul className="legend" aria-label="Diagram legend">
      {props.entries.map((e) => (
        <li key={e.text}>
          <svg className="legend-swatch" width={width} height={height} aria-hidden="true" focusable="false">
            {e.sample.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a sample's shapes have no identity but their position
              <ShapeElement key={i} shape={s} />
            ))}
          </svg>
          {e.text}
        </li>
      ))}
    </ul>
  );
}

/** The risks found on one element or flow, worst residual level first. */
function risksAt(a: DiagramInput, s: Selection): DiagramRisk[] {
  return worstResidualFirst(
    a.riskMatrix.levels,
    a.risks.filter((r) => r.subject.type === s.type && r.subject.id === s.id),
  );
}

function SelectionRisks(props: { assessment: DiagramInput; selected?: Selection; systemId: string }) {
  const s = props.selected;
  const risks = s ? risksAt(props.assessment, s) : [];
  return (
    <section className="diagram-selection" aria-labelledby="diagram-selection" aria-live="polite">
      <h3 id="diagram-selection">{s ? `Risks on ${s.type} ${s.id}` : 'Risks of an element or flow'}</h3>
      {!s ? (
        <p className="muted">
          Click an element or a flow's label, or move to it with Tab, to list the risks found on it.
        </p>
      ) : (
        <>
          <p className="muted">{s.title}</p>
          {risks.length === 0 ? (
            <p>No risk was found on this {s.type}.</p>
          ) : (
            <ul className="plain" aria-label={`risks on ${s.id}`}>
              {risks.map((r) => (
                <li key={r.id} data-risk={r.id}>
                  <Level level={r.residual.level} /> {r.title}
                  {r.linddun.length > 0 && <span className="muted"> (privacy: {r.linddun.join(', ')})</span>}
                  <div className="muted">{r.message}</div>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to={`/systems/${encodeURIComponent(props.systemId)}/risks`}>
              All risks, with how each level came about
            </Link>
          </p>
        </>
      )}
    </section>
  );
}

export default function Diagram(props: { assessment: DiagramInput; systemId: string }) {
  const a = props.assessment;
  const spec = useMemo(() => diagramSpec(a.system), [a.system]);
  const [scene, setScene] = useState<Scene>();
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<Selection>();
  useEffect(() => {
    let current = true;
    setScene(undefined);
    const { elk, failed } = workerElk();
    Promise.race([layoutDiagram(spec, elk), failed]).then(
      (layout) => current && setScene(diagramScene(spec, layout)),
      (e: Error) => current && setError(`The diagram could not be laid out: ${e.message}`),
    );
    return () => {
      current = false;
    };
  }, [spec]);
  const desc = diagramDescription(a, spec);
  return (
    <section aria-labelledby="diagram-heading">
      <h2 id="diagram-heading">System diagram</h2>
      <p id="diagram-text">{desc}</p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : !scene ? (
        <p>Laying out the diagram…</p>
      ) : (
        <div className="diagram-layout">
          {/* a summary has nothing to select, so the scrolling box itself takes the keyboard */}
          <div
            className="diagram-scroll"
            {...(spec.mode === 'detailed' ? {} : { tabIndex: 0, role: 'region', 'aria-label': 'System diagram' })}
          >
            <DiagramSvg
              scene={scene}
              mode={spec.mode}
              title={`System diagram of ${a.model.name}`}
              desc={desc}
              selected={selected}
              onSelect={setSelected}
            />
          </div>
          {spec.mode === 'detailed' && <SelectionRisks assessment={a} selected={selected} systemId={props.systemId} />}
        </div>
      )}
      <Legend entries={legendEntries(spec)} />
      <p className="muted" id="diagram-mode">
        {modeNote(spec, "in the HTML report's tables (Reports, on the overview tab)")}
      </p>
    </section>
  );
}
