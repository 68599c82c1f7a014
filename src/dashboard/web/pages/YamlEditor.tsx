import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'preact/hooks';
import type { LocatedError } from '../yaml-field-position.js';

/**
 * CodeMirror 6 with YAML highlighting; `errors` become lint diagnostics at
 * their positions (underline, gutter marker, message on hover). `text` is the
 * initial content and any replacement from outside (a chosen template).
 */
export function YamlEditor({ text, errors, onChange }: { text: string; errors: LocatedError[]; onChange: (text: string) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    view.current = new EditorView({
      doc: text,
      parent: container.current!,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.contentAttributes.of({ 'aria-label': 'Experiment YAML' }),
        EditorView.updateListener.of((update) => update.docChanged && changed.current(update.state.doc.toString())),
      ],
    });
    return () => view.current?.destroy();
  }, []);
  useEffect(() => {
    const editor = view.current!;
    if (editor.state.doc.toString() !== text) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
  }, [text]);
  useEffect(() => {
    const editor = view.current!;
    const length = editor.state.doc.length;
    const diagnostics: Diagnostic[] = errors.map((error) => ({
      from: Math.min(error.position.from, length),
      to: Math.min(Math.max(error.position.to, error.position.from), length),
      severity: 'error',
      message: `${error.path}: ${error.message}`,
    }));
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [errors]);
  return <div class="editor" ref={container} />;
}
