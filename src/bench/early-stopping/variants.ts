import { findEarlyStoppingRule } from '../../../algorithms/early-stopping/registry.js';
import { hyperband } from '../../../algorithms/hyperband/hyperband.js';
import type { Assignment, SearchAlgorithm, SearchSpace } from '../../../algorithms/types.js';
import type { CurveRunRequest } from './curve-run.js';

/** One contender of the early-stopping benchmark: a search algorithm, with or without a rule. */
export interface CurveVariant {
  /** `tpe+asha`, `tpe+none`, ... or `hyperband`: the result line's `algorithm`. */
  name: string;
  /** The short name in the summary line: none, medianstop, asha, curvefit or hyperband. */
  label: string;
  request: Omit<CurveRunRequest, 'problem' | 'seed' | 'parallel' | 'budgetEpochs'>;
}

export const VARIANT_LABELS = ['none', 'medianstop', 'asha', 'curvefit-old', 'curvefit', 'curvefit-forecast', 'hyperband'] as const;

/** curvefit as it was before it learned late drops from completed curves (issue 13 item 7). */
const CURVEFIT_FITS_ALONE = {
  late_drop_trials: '0',
  warmup_limit: '0',
  shape_uncertainty: 'off',
  final_reports: '1',
};

/** The parameter through which hyperband hands each trial its epoch budget. */
const EPOCHS_PARAMETER = 'epochs';

/**
 * The contenders on a learning-curve problem of `fullEpochs` epochs over
 * `space`: `search` with no rule and with each rule at its default settings,
 * and hyperband as the search algorithm, whose trials train for the epochs
 * it assigns (r_l = fullEpochs, eta at its default).
 */
export function curveVariants(
  search: SearchAlgorithm,
  space: SearchSpace,
  fullEpochs: number,
  labels: readonly string[],
): CurveVariant[] {
  const fixedLength = () => fullEpochs;
  const ruled = (label: string, ruleName = label, settings: Record<string, string> = {}): CurveVariant => {
    const rule = findEarlyStoppingRule(ruleName);
    if (!rule) throw new Error(`no early-stopping rule "${ruleName}"`);
    return {
      name: `${search.name}+${label}`,
      label,
      request: { search, searchSettings: {}, space, rule: { rule, settings }, epochsOf: fixedLength },
    };
  };
  const variants: Record<string, () => CurveVariant> = {
    none: () => ({
      name: `${search.name}+none`,
      label: 'none',
      request: { search, searchSettings: {}, space, epochsOf: fixedLength },
    }),
    medianstop: () => ruled('medianstop'),
    asha: () => ruled('asha'),
    'curvefit-old': () => ruled('curvefit-old', 'curvefit', CURVEFIT_FITS_ALONE),
    curvefit: () => ruled('curvefit'),
    'curvefit-forecast': () => {
      const variant = ruled('curvefit-forecast', 'curvefit');
      return { ...variant, request: { ...variant.request, stoppedValue: 'forecast' } };
    },
    hyperband: () => hyperbandVariant(space, fullEpochs),
  };
  return labels.map((label) => {
    const overridden = withSettings(label);
    if (overridden) {
      if (!findEarlyStoppingRule(overridden.rule)) throw new Error(`unknown rule "${overridden.rule}" in variant "${label}"`);
      return ruled(label, overridden.rule, overridden.settings);
    }
    const make = variants[label];
    if (!make) throw new Error(`unknown variant "${label}"; known: ${VARIANT_LABELS.join(', ')}, or RULE[name=value;...]`);
    return make();
  });
}

/**
 * `curvefit[warmup_limit=0.25;sigmas=3]`: a rule with some settings changed, for
 * trying a setting without editing its default; undefined for a plain label.
 */
function withSettings(label: string): { rule: string; settings: Record<string, string> } | undefined {
  const match = /^([a-z-]+)\[(.*)\]$/.exec(label);
  if (!match) return undefined;
  const settings = Object.fromEntries(
    match[2].split(';').filter(Boolean).map((pair) => {
      const [name, value] = pair.split('=');
      if (!name || value === undefined) throw new Error(`variant "${label}": settings are name=value pairs separated by ';'`);
      return [name.trim(), value.trim()];
    }),
  );
  return { rule: match[1], settings };
}

function hyperbandVariant(space: SearchSpace, fullEpochs: number): CurveVariant {
  const spaceWithBudget: SearchSpace = [
    ...space,
    { name: EPOCHS_PARAMETER, type: 'int', min: 1, max: fullEpochs, distribution: 'uniform' },
  ];
  const searchSettings = { resource_name: EPOCHS_PARAMETER, r_l: String(fullEpochs) };
  const errors = hyperband.validate(searchSettings, spaceWithBudget);
  if (errors.length > 0) throw new Error(`hyperband refuses the benchmark: ${JSON.stringify(errors)}`);
  return {
    name: 'hyperband',
    label: 'hyperband',
    request: {
      search: hyperband,
      searchSettings,
      space: spaceWithBudget,
      epochsOf: (assignment: Assignment) => Number(assignment[EPOCHS_PARAMETER]),
    },
  };
}
