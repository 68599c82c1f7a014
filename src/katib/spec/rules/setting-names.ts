import type { FieldError } from '../field-error.js';

/** A setting given twice would silently lose one value when the settings become a map. */
export function duplicateSettingErrors(
  specPath: 'spec.algorithm' | 'spec.earlyStopping',
  settings: ReadonlyArray<{ name: string }>,
): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  settings.forEach(({ name }, i) => {
    if (seen.has(name)) {
      errors.push({ path: `${specPath}.algorithmSettings[${i}].name`, message: `duplicate setting "${name}"` });
    }
    seen.add(name);
  });
  return errors;
}
