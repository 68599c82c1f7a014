import type { Setting } from './settings-reader.js';

/** A setting that names one of a few choices, exactly as spelled; surrounding blanks are ignored, as for numbers. */
export function choiceSetting<Choice extends string>(
  name: string,
  choices: readonly Choice[],
  defaultChoice: Choice,
): Setting<Choice> {
  return {
    name,
    read: (text) => {
      if (text === undefined) return { value: defaultChoice };
      const choice = choices.find((candidate) => candidate === text.trim());
      if (choice === undefined) return { problem: `must be one of ${choices.join(', ')}, got "${text}"` };
      return { value: choice };
    },
  };
}
