import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type ExperimentTemplate } from '../api.js';
import { navigate, paths } from '../router.js';
import { locateErrors, type LocatedError } from '../yaml-field-position.js';
import type { YamlEditor } from './YamlEditor.js';

/** The editor's text survives errors, reloads and closed tabs: it is saved on every change. */
export const DRAFT_STORAGE_KEY = 'kubetune.new-experiment.yaml';

/** A YAML editor prefilled from the examples; the API's field errors show at their lines. */
export function NewExperimentPage() {
  const [templates, setTemplates] = useState<ExperimentTemplate[]>([]);
  const [text, setText] = useState(() => localStorage.getItem(DRAFT_STORAGE_KEY) ?? '');
  const [errors, setErrors] = useState<LocatedError[]>([]);
  const [message, setMessage] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  // CodeMirror is loaded with this page only: the other pages never need it.
  const [Editor, setEditor] = useState<typeof YamlEditor>();
  useEffect(() => {
    void import('./YamlEditor.js').then((module) => setEditor(() => module.YamlEditor));
  }, []);

  useEffect(() => {
    api.templates().then(
      (result) => {
        setTemplates(result.items);
        if (!localStorage.getItem(DRAFT_STORAGE_KEY) && result.items[0]) replaceText(result.items[0].yaml);
      },
      (failure: Error) => setMessage(`Templates could not be loaded: ${failure.message}`),
    );
  }, []);

  const edit = (next: string) => {
    localStorage.setItem(DRAFT_STORAGE_KEY, next);
    setText(next);
  };
  const replaceText = (next: string) => {
    edit(next);
    setErrors([]);
    setMessage(undefined);
  };
  const submit = async () => {
    setSubmitting(true);
    setMessage(undefined);
    try {
      const created = await api.create(text);
      setErrors([]);
      navigate(paths.experiment(created.metadata.namespace, created.metadata.name));
    } catch (failure) {
      const refused = failure instanceof ApiError ? failure : new ApiError(0, (failure as Error).message);
      setErrors(locateErrors(text, refused.errors));
      setMessage(refused.errors.length > 0 ? `The API refused the experiment (${refused.errors.length} problem${refused.errors.length > 1 ? 's' : ''}):` : refused.message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <main>
      <div class="toolbar">
        <h1>New experiment</h1>
        <label>
          Template{' '}
          <select
            name="template"
            value=""
            onChange={(event) => {
              const chosen = templates.find((template) => template.id === (event.target as HTMLSelectElement).value);
              if (chosen) replaceText(chosen.yaml);
            }}
          >
            <option value="">choose an example…</option>
            {templates.map((template) => (
              <option value={template.id} title={template.description}>
                {template.id}
              </option>
            ))}
          </select>
        </label>
        <button class="primary" onClick={submit} disabled={submitting || text.trim() === ''}>
          {submitting ? 'Submitting…' : 'Submit'}
        </button>
      </div>
      {message && (
        <div class="error" role="alert">
          <p>{message}</p>
          <ul class="field-errors">
            {errors.map((error) => (
              <li data-line={error.position.line}>
                line {error.position.line}: <code>{error.path}</code> {error.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {Editor ? <Editor text={text} errors={errors} onChange={edit} /> : <p class="muted">Loading the editor…</p>}
    </main>
  );
}
