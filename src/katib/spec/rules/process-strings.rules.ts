import { fieldPath, type FieldError, type PathSegment } from '../field-error.js';
import { isPlainObject } from '../plain-object.js';

/**
 * What a trial's process is given must be something an operating system can
 * take: argv and environment entries are C strings, so a NUL byte in one makes
 * the launch throw (Node refuses it before exec), and an empty program name
 * cannot be executed. Such a trial could never start, on any worker, however
 * often it is retried; refusing the experiment at submission is the only
 * place the mistake can be reported against the field that made it.
 */
const NUL = '\u0000';

export function hasNulByte(text: string): boolean {
  return text.includes(NUL);
}

export const NUL_BYTE_MESSAGE = 'must not contain a NUL byte (\\u0000): a process argument or environment value cannot hold one';

/**
 * Every key and string in the trialSpec (command, args, env names and values,
 * and everything else, since a template may move any of them into argv), and
 * every `command` whose program name is empty, at the field's own path.
 */
export function trialSpecProcessErrors(trialSpec: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (value: unknown, path: PathSegment[]) => {
    if (typeof value === 'string') {
      if (hasNulByte(value)) errors.push({ path: fieldPath(path), message: NUL_BYTE_MESSAGE });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (hasNulByte(key)) errors.push({ path: fieldPath(path), message: `has a key that ${NUL_BYTE_MESSAGE}` });
        if (key === 'command' && Array.isArray(item) && item[0] === '') {
          errors.push({ path: fieldPath([...path, key, 0]), message: 'must not be empty: it is the program the trial runs' });
        }
        visit(item, [...path, key]);
      }
    }
  };
  visit(trialSpec, ['spec', 'trialTemplate', 'trialSpec']);
  return errors;
}
