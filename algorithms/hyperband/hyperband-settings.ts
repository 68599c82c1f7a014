import type { AlgorithmSettings, RangeParameter, SearchSpace, SettingError } from '../types.js';
import { numericSetting } from '../common/numeric-setting.js';
import {
  readSettings,
  readSettingsOrThrow,
  type Setting,
  type SettingsDeclaration,
} from '../common/settings-reader.js';

const DEFAULT_ETA = 3;

export interface HyperbandSettings {
  /** The int or double parameter whose value is the trial's budget (epochs, steps, samples). */
  resource: RangeParameter;
  maxResource: number;
  eta: number;
}

/**
 * Katib's hyperband settings: resource_name, the parameter that carries the
 * budget; r_l, the maximum budget; eta, the halving rate.
 */
const MAX_RESOURCE = numericSetting('r_l', {
  kind: 'number',
  required: true,
  min: { above: 0 },
  malformedToldRange: true,
});
const ETA = numericSetting('eta', {
  kind: 'number',
  default: DEFAULT_ETA,
  min: { above: 1 },
  malformedToldRange: true,
});

/** Every problem with the settings, as Katib's ValidateAlgorithmSettings checks them, each by name. */
export function validateHyperbandSettings(settings: AlgorithmSettings, space: SearchSpace): SettingError[] {
  return readSettings(settings, hyperbandDeclaration(space).declaration).errors;
}

/** The settings as used; throws on settings validateHyperbandSettings would refuse. */
export function readHyperbandSettings(settings: AlgorithmSettings, space: SearchSpace): HyperbandSettings {
  const { declaration, resource } = hyperbandDeclaration(space);
  const values = readSettingsOrThrow(settings, declaration);
  return { resource: values.value(resource), maxResource: values.value(MAX_RESOURCE), eta: values.value(ETA) };
}

function hyperbandDeclaration(space: SearchSpace) {
  const resource = resourceSetting(space);
  const declaration: SettingsDeclaration = { owner: 'hyperband', settings: [resource, MAX_RESOURCE, ETA] };
  return { declaration, resource };
}

/** The budget parameter, named by resource_name: an int or double parameter of `space`. */
function resourceSetting(space: SearchSpace): Setting<RangeParameter> {
  return {
    name: 'resource_name',
    read: (name) => {
      if (name === undefined) return { problem: 'must be set to the name of the parameter that receives the budget' };
      const parameter = space.find((param) => param.name === name);
      if (!parameter) return { problem: `must name a parameter of the search space, got "${name}"` };
      if (parameter.type !== 'int' && parameter.type !== 'double') {
        return { problem: `must name an int or double parameter, but "${name}" is ${parameter.type}` };
      }
      return { value: parameter };
    },
  };
}
