import { describe, expect, it } from '@jest/globals';
import { trialKindDefaults } from '../../../katib/spec/trial-conditions.js';
import { conditionHolds, evaluatePath } from './gjson-condition.js';

const job = (conditions: { type: string; status: string }[]) => ({ status: { conditions } });
const jobDefaults = trialKindDefaults('Job')!;
const pytorchDefaults = trialKindDefaults('PyTorchJob')!;

describe("Katib's default trial conditions", () => {
  it('a batch/v1 Job succeeds on Complete=True and fails on Failed=True', () => {
    const complete = job([
      { type: 'SuccessCriteriaMet', status: 'True' },
      { type: 'Complete', status: 'True' },
    ]);
    expect(conditionHolds(complete, jobDefaults.successCondition)).toBe(true);
    expect(conditionHolds(complete, jobDefaults.failureCondition)).toBe(false);

    const failed = job([
      { type: 'FailureTarget', status: 'True' },
      { type: 'Failed', status: 'True' },
    ]);
    expect(conditionHolds(failed, jobDefaults.failureCondition)).toBe(true);
    expect(conditionHolds(failed, jobDefaults.successCondition)).toBe(false);
  });

  it('a running Job, or one whose condition is False, meets neither', () => {
    for (const object of [{ status: {} }, {}, job([{ type: 'Complete', status: 'False' }]), job([{ type: 'Suspended', status: 'True' }])]) {
      expect(conditionHolds(object, jobDefaults.successCondition)).toBe(false);
      expect(conditionHolds(object, jobDefaults.failureCondition)).toBe(false);
    }
  });

  it('a PyTorchJob succeeds on Succeeded=True, not on Running or Created', () => {
    const running = job([
      { type: 'Created', status: 'True' },
      { type: 'Running', status: 'True' },
    ]);
    expect(conditionHolds(running, pytorchDefaults.successCondition)).toBe(false);
    const succeeded = job([
      { type: 'Created', status: 'True' },
      { type: 'Running', status: 'False' },
      { type: 'Succeeded', status: 'True' },
    ]);
    expect(conditionHolds(succeeded, pytorchDefaults.successCondition)).toBe(true);
    expect(conditionHolds(succeeded, pytorchDefaults.failureCondition)).toBe(false);
  });
});

describe('GJSON paths', () => {
  const object = {
    status: { succeeded: 1, phase: 'Done', conditions: [{ type: 'A', status: 'True', reason: 'x.y' }, { type: 'B', status: 'False' }] },
    'dotted.key': 'yes',
  };

  it('reads keys, indexes, lengths and escaped dots', () => {
    expect(evaluatePath(object, 'status.succeeded')).toBe(1);
    expect(evaluatePath(object, 'status.conditions.1.type')).toBe('B');
    expect(evaluatePath(object, 'status.conditions.#')).toBe(2);
    expect(evaluatePath(object, 'dotted\\.key')).toBe('yes');
  });

  it('maps `.` over all matches and queries the matches as one array after `|`', () => {
    expect(evaluatePath(object, 'status.conditions.#(status=="True")#.type')).toEqual(['A']);
    expect(evaluatePath(object, 'status.conditions.#(type!="A")#|#')).toBe(1);
    expect(evaluatePath(object, 'status.conditions.#(type=="A").reason')).toBe('x.y');
  });

  it('compares numbers, globs and existence', () => {
    expect(conditionHolds({ status: { succeeded: 2 } }, 'status.succeeded')).toBe(true);
    expect(conditionHolds({ items: [{ n: 3 }] }, 'items.#(n>=3)')).toBe(true);
    expect(conditionHolds({ items: [{ n: 3 }] }, 'items.#(n<3)')).toBe(false);
    expect(conditionHolds(object, 'status.conditions.#(reason%"x.*")')).toBe(true);
    expect(conditionHolds(object, 'status.conditions.#(reason)#|#(type=="A")')).toBe(true);
    expect(conditionHolds(object, 'status.missing')).toBe(false);
  });
});
