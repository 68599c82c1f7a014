import type { YAMLError } from 'yaml';

/** A YAML syntax error in people's terms: `is not valid YAML at line 3, column 7: <reason>`. */
export function describeYamlError(error: YAMLError): string {
  // The library's message repeats the position and appends a source excerpt; keep the first clause.
  const reason = error.message.split(/ at line \d+, column \d+/)[0]!.split('\n')[0]!;
  const position = error.linePos?.[0];
  const where = position ? ` at line ${position.line}, column ${position.col}` : '';
  return `is not valid YAML${where}: ${reason}`;
}
