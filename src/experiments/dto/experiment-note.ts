import { invalidInput, tooLarge } from '../../common/domain-error.js';

/**
 * A note is a few paragraphs of what someone learnt from the experiment; a cap
 * keeps one experiment's note from growing Redis without bound. Counted in
 * characters, the unit a person typing one sees.
 */
export const MAX_NOTE_CHARACTERS = 20_000;

/** Reads `{"text": "..."}`, the body of PUT .../note; a text over the cap is a 413 naming `text`. */
export function parseNoteBody(body: string | undefined): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    throw invalidInput('body: must be JSON such as {"text": "what this experiment taught us"}', ['body: must be JSON such as {"text": "..."}']);
  }
  const text = (parsed as { text?: unknown } | null)?.text;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof text !== 'string') {
    throw invalidInput('text: must be a string', ['text: must be a string']);
  }
  const extra = Object.keys(parsed).filter((key) => key !== 'text');
  if (extra.length > 0) throw invalidInput(`${extra[0]}: is not a field of a note (only text is)`, extra.map((key) => `${key}: is not a field of a note (only text is)`));
  const length = [...text].length;
  if (length > MAX_NOTE_CHARACTERS) {
    const problem = `text: is ${length} characters, more than the ${MAX_NOTE_CHARACTERS} a note may hold`;
    throw tooLarge(problem, [problem]);
  }
  return text;
}
