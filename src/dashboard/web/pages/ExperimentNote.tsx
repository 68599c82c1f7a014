import { useEffect, useState } from 'preact/hooks';
import { api, type ExperimentNote as Note } from '../api.js';
import { age } from '../experiment-state.js';

/** The note's cap on the server (src/experiments/dto/experiment-note.ts); the editor stops there too. */
const MAX_NOTE_CHARACTERS = 20_000;

/** What someone wrote about the experiment, shown as plain text (markdown stays as typed) and edited in place. */
export function ExperimentNote({ namespace, name }: { namespace: string; name: string }) {
  const [note, setNote] = useState<Note>();
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let cancelled = false;
    api.note(namespace, name).then(
      (loaded) => !cancelled && setNote(loaded),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    return () => {
      cancelled = true;
    };
  }, [namespace, name]);
  const save = () => {
    setSaving(true);
    api.saveNote(namespace, name, draft ?? '').then(
      (saved) => (setNote(saved), setDraft(undefined), setError(undefined), setSaving(false)),
      (failure: Error) => (setError(failure.message), setSaving(false)),
    );
  };

  return (
    <section class="note" aria-labelledby="note-heading">
      <h2 id="note-heading">Note</h2>
      {draft === undefined ? (
        <>
          {note?.text ? <div class="note-text">{note.text}</div> : <p class="muted">{note ? 'No note yet.' : 'Loading…'}</p>}
          <div class="note-actions">
            <button disabled={!note} onClick={() => setDraft(note?.text ?? '')}>
              {note?.text ? 'Edit note' : 'Write a note'}
            </button>
            {note?.updatedAt && <span class="muted small" title={note.updatedAt}>saved {age(note.updatedAt)} ago</span>}
          </div>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label for="note-text" class="muted small">
            What this experiment taught you (plain text or markdown, at most {MAX_NOTE_CHARACTERS.toLocaleString()} characters)
          </label>
          <textarea
            id="note-text"
            value={draft}
            maxLength={MAX_NOTE_CHARACTERS}
            onInput={(event) => setDraft((event.target as HTMLTextAreaElement).value)}
            onKeyDown={(event) => event.key === 'Escape' && setDraft(undefined)}
          />
          <div class="note-actions">
            <button class="primary" type="submit" disabled={saving}>
              Save note
            </button>
            <button type="button" onClick={() => setDraft(undefined)}>
              Cancel
            </button>
            <span class="muted small">{[...draft].length} characters</span>
          </div>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
