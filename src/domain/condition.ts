/** Katib's condition shape (metav1-like), shared by experiments and trials. */
export interface KatibCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export function condition(
  type: string,
  status: boolean,
  reason: string,
  message: string,
  time: string,
): KatibCondition {
  return {
    type,
    status: status ? 'True' : 'False',
    reason,
    message,
    lastUpdateTime: time,
    lastTransitionTime: time,
  };
}
