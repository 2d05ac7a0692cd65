/**
 * The model tab's editor: CodeMirror 6 with YAML highlighting, the model's JSON Schema checked while typing and
 * offering keys and values, and the CLI's own diagnostics (POST /api/validate) once typing stops. Loaded on demand
 * (SystemPage imports it lazily), so the other pages do not download the editor.
 */
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, forceLinting, linter, lintGutter } from '@codemirror/lint';
import { EditorState, type Extension, StateEffect } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers, type ViewUpdate } from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { ApiFailure, api } from './api';
import { candidates, contextAt } from './model-completion';
import { type CliDiagnostic, cliProblems, type Problem, schemaProblems, withoutRepeats } from './model-lint';
import type { JsonSchema } from './model-schema';
import type { Act } from './SystemPage';
import { lineSpan } from './yaml-positions';

interface Props {
  base: string;
  revision: number;
  /** the line to show first (a finding or question links here) */
  line?: number;
  can: (a: string) => boolean;
  act: Act;
}

/**
 * How long typing must pause before the model is checked. CodeMirror runs every lint source after the longest
 * delay asked for, so the schema (in the browser) and the CLI's checks (on the server) share it.
 */
const LINT_DELAY_MS = 600;

/** Box, font and focus ring: page styles do not reach into the editor's shadow root. */
const theme = EditorView.theme({
  '&': { height: '60vh', border: '1px solid #767676', fontSize: '0.85em', backgroundColor: '#fff' },
  '.cm-scroller': { fontFamily: 'ui-monospace, monospace' },
  '&.cm-focused': { outline: '3px solid #1a6ee6', outlineOffset: '2px' },
});

/** Asks the linters to run again though the text has not changed (the Check button). */
const recheck = StateEffect.define<null>();
const rechecked = (u: ViewUpdate) => u.transactions.some((t) => t.effects.some((e) => e.is(recheck)));

/** Who found a problem, in the words the editor's tooltips and the list under it use. */
const SOURCE_NAMES: Record<Problem['source'], string> = {
  yaml: 'YAML syntax',
  schema: 'model schema',
  cli: 'iotassure validate',
};

const toDiagnostic = (p: Problem): Diagnostic => ({
  from: p.from,
  to: p.to,
  severity: p.severity,
  message: p.message,
  source: SOURCE_NAMES[p.source],
});

async function validate(text: string): Promise<{ ok: boolean; diagnostics: CliDiagnostic[] }> {
  return api('POST', '/api/validate', { yaml: text });
}

/** Keys and enumerated values from the schema; CodeMirror filters them by what has been typed. */
function schemaCompletion(schema: JsonSchema) {
  return (context: CompletionContext): CompletionResult | null => {
    const where = contextAt(context.state.doc.toString(), context.pos);
    if (!where || (where.word === '' && !context.explicit)) return null;
    const options = candidates(schema, { ...where, word: '' }).map((c) => ({
      label: c.label,
      apply: c.apply,
      type: c.kind === 'key' ? 'property' : 'enum',
      info: c.info,
    }));
    return options.length > 0 ? { from: where.from, options, validFor: /^[\w.-]*$/ } : null;
  };
}

/** Where the editor's checks report what they found, for the list under it. */
interface Sink {
  found(source: 'schema' | 'cli', problems: Problem[]): void;
  failed(message: string): void;
}

function editorExtensions(schema: JsonSchema | undefined, canEdit: boolean, sink: Sink): Extension {
  // the schema's problems in the text last checked: the CLI's repeats of them are left out
  let local = { text: '', problems: [] as Problem[] };
  const schemaLinter = (schema: JsonSchema) =>
    linter(
      (v) => {
        const text = v.state.doc.toString();
        local = { text, problems: schemaProblems(text, schema) };
        sink.found('schema', local.problems);
        return local.problems.map(toDiagnostic);
      },
      { delay: LINT_DELAY_MS },
    );
  const cliLinter = linter(
    async (v) => {
      const text = v.state.doc.toString();
      try {
        const result = await validate(text);
        sink.failed('');
        const found = withoutRepeats(cliProblems(text, result.diagnostics), local.text === text ? local.problems : []);
        if (v.state.doc.toString() === text) sink.found('cli', found);
        return found.map(toDiagnostic);
      } catch (e) {
        sink.failed(`The server's checks did not run: ${(e as Error).message}`);
        return [];
      }
    },
    { delay: LINT_DELAY_MS, needsRefresh: rechecked },
  );
  return [
    theme,
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    indentUnit.of('  '),
    EditorState.tabSize.of(2),
    EditorState.readOnly.of(!canEdit),
    yaml(),
    syntaxHighlighting(defaultHighlightStyle),
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    // Its own name: ids do not reach into the shadow root (see below), so aria-labelledby cannot be used. The
    // explicit tabindex tells checkers (axe) what browsers already do: the scrolling text is keyboard-reachable.
    EditorView.contentAttributes.of({ 'aria-label': 'Model YAML', tabindex: '0' }),
    lintGutter(),
    // the schema's linter first: CodeMirror runs the sources in order, so the CLI's sees its result
    schema ? [schemaLinter(schema), autocompletion({ override: [schemaCompletion(schema)] })] : [],
    cliLinter,
  ];
}

export default function ModelEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(null);
  const [loaded, setLoaded] = useState(false);
  const [problems, setProblems] = useState<{ schema: Problem[]; cli: Problem[] }>({ schema: [], cli: [] });
  const [serverError, setServerError] = useState('');
  const [editing, setEditing] = useState(props.revision);
  const [conflict, setConflict] = useState<{ base: number; head: number }>();
  const editable = props.can('revision.create');

  // The editor is created once per system; React only renders around it.
  useEffect(() => {
    let gone = false;
    const sink: Sink = {
      found: (source, problems) => setProblems((p) => ({ ...p, [source]: problems })),
      failed: setServerError,
    };
    const text = fetch(`${props.base}/model`, { credentials: 'same-origin' }).then(async (r) => {
      if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
      // the revision this text is, which a save names as its base (the page's may be older already)
      setEditing(Number(r.headers.get('x-iotassure-revision')));
      return r.text();
    });
    // Without the schema the editor still works, with the CLI's diagnostics only.
    const schema = api<JsonSchema>('GET', '/api/schema/model').catch(() => undefined);
    Promise.all([text, schema]).then(
      ([doc, model]) => {
        if (gone || !host.current) return;
        // In a shadow root CodeMirror's styles are constructed style sheets, which the Content-Security-Policy
        // (style-src 'self') allows; in the document they would be a <style> element, which it refuses.
        const root = host.current.shadowRoot ?? host.current.attachShadow({ mode: 'open' });
        view.current = new EditorView({
          parent: root,
          root,
          state: EditorState.create({ doc, extensions: editorExtensions(model, editable, sink) }),
        });
        setLoaded(true);
      },
      (e: Error) => setServerError(`The model could not be loaded: ${e.message}`),
    );
    return () => {
      gone = true;
      view.current?.destroy();
      view.current = null;
    };
  }, [props.base, editable]);

  // Select the line a finding or question points at, and scroll it into view.
  useEffect(() => {
    const v = view.current;
    if (!loaded || !v || !props.line) return;
    goTo(v, props.line, true);
  }, [loaded, props.line]);

  const text = () => view.current?.state.doc.toString() ?? '';
  const modelOf = (revision: number) => `${props.base}/model?revision=${revision}`;

  const save = (base: number) =>
    props.act(async () => {
      const yaml = text();
      if (!(await validate(yaml)).ok) {
        check(view.current);
        throw new Error('Fix the problems listed under the editor first.');
      }
      try {
        const saved = await api<{ revision: number }>('POST', `${props.base}/revisions`, {
          yaml,
          base,
          message: 'edited in the browser',
        });
        setEditing(saved.revision);
        setConflict(undefined);
      } catch (e) {
        if (!(e instanceof ApiFailure) || e.status !== 409) throw e;
        const head = (e.details as { head?: number } | undefined)?.head ?? base + 1;
        setConflict({ base, head });
        throw new Error(`Not saved: someone saved revision ${head} after revision ${base}, which you edited.`);
      }
    }, 'Saved a new revision');

  const openFile = async (file: File | undefined) => {
    const v = view.current;
    if (!file || !v) return;
    v.dispatch({
      changes: { from: 0, to: v.state.doc.length, insert: await file.text() },
      selection: { anchor: 0 },
      scrollIntoView: true,
    });
    v.focus();
  };

  const all = [...problems.schema, ...problems.cli].sort((a, b) => a.from - b.from);
  return (
    <section aria-labelledby="model">
      <h2 id="model">
        Model (revision {editing}){props.line && `, line ${props.line} selected`}
      </h2>
      <p className="editor-label">Model YAML</p>
      <p className="muted">
        {editable
          ? 'Ctrl+Space lists the keys and values the schema allows here. Tab indents; press Escape, then Tab, to ' +
            'leave the editor. Problems are underlined and listed below.'
          : 'Your role may read the model but not change it.'}
      </p>
      {!loaded && <p>Loading the editor…</p>}
      <div ref={host} className="model-editor" />
      {conflict && (
        <div className="conflict">
          <p>
            Your edits are kept in the editor. Revision {conflict.head} may hold changes that your text would undo: see
            what changed on the diff tab (in another browser tab) or{' '}
            <a href={modelOf(conflict.head)} download={`revision-${conflict.head}.yaml`}>
              download revision {conflict.head}
            </a>
            , then save your text over it, or copy what you need and reload.
          </p>
          <button type="button" onClick={() => void save(conflict.head)}>
            Save over revision {conflict.head}
          </button>
        </div>
      )}
      <button type="button" onClick={() => check(view.current)}>
        Check
      </button>
      {editable && (
        <>
          <button type="button" onClick={() => void save(editing)}>
            Save as new revision
          </button>
          <label className="inline-file">
            Open a YAML file in the editor{' '}
            <input
              type="file"
              accept=".yaml,.yml,application/yaml,text/yaml"
              onChange={(e) => void openFile(e.target.files?.[0])}
            />
          </label>
        </>
      )}
      {serverError && <p className="error">{serverError}</p>}
      {/* the count is announced when it changes; the list itself would be read out after every pause in typing */}
      <p aria-live="polite" className="muted">
        {loaded && (all.length === 0 ? 'No problems found.' : `${all.length} problem${all.length === 1 ? '' : 's'}:`)}
      </p>
      <ul aria-label="problems">
        {all.map((p) => (
          <li key={`${p.source}:${p.from}:${p.message}`} className={p.severity}>
            <button type="button" className="link" onClick={() => view.current && goTo(view.current, p.line, false)}>
              line {p.line}
            </button>{' '}
            {p.message} <span className="muted">({SOURCE_NAMES[p.source]})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Runs the schema's and the CLI's checks now. */
function check(v: EditorView | null): void {
  if (!v) return;
  v.dispatch({ effects: recheck.of(null) });
  forceLinting(v);
}

/** Moves the cursor to a 1-based line (selecting it if asked), scrolls it to the middle and focuses the editor. */
function goTo(v: EditorView, line: number, select: boolean): void {
  const span = lineSpan(v.state.doc.toString(), line);
  v.dispatch({
    selection: { anchor: span.from, head: select ? span.to : span.from },
    effects: EditorView.scrollIntoView(span.from, { y: 'center' }),
  });
  v.focus();
}
