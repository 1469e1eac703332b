/** GitLab's Duo Workflow status machine (ee/app/models/ai/duo_workflows/workflow.rb). */
export const WORKFLOW_STATUSES = [
  'created',
  'running',
  'paused',
  'finished',
  'failed',
  'stopped',
  'input_required',
  'plan_approval_required',
  'tool_call_approval_required',
] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

const WAITING_FOR_USER: WorkflowStatus[] = ['input_required', 'plan_approval_required', 'tool_call_approval_required'];
const ACTIVE: WorkflowStatus[] = ['created', 'running', 'paused', ...WAITING_FOR_USER];

export const STATUS_EVENTS = {
  start: { from: ['created'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  require_input: { from: ['running'], to: 'input_required' },
  require_plan_approval: { from: ['running'], to: 'plan_approval_required' },
  require_tool_call_approval: { from: ['running'], to: 'tool_call_approval_required' },
  resume: { from: ['paused', ...WAITING_FOR_USER], to: 'running' },
  retry: { from: ['running', 'stopped', 'failed'], to: 'running' },
  finish: { from: ['running'], to: 'finished' },
  drop: { from: ACTIVE, to: 'failed' },
  stop: { from: ACTIVE, to: 'stopped' },
} as const satisfies Record<string, { from: readonly WorkflowStatus[]; to: WorkflowStatus }>;
export type StatusEvent = keyof typeof STATUS_EVENTS;

export type Transition =
  | { kind: 'move'; from: readonly WorkflowStatus[]; to: WorkflowStatus }
  | { kind: 'already'; to: WorkflowStatus }
  | { kind: 'invalid'; message: string };

/**
 * What `event` does to a workflow in `current`. An event whose target is the current status is
 * accepted as a no-op (GitLab answers "Workflow already in status X"); `retry` from running moves
 * running → running, which is a real transition in GitLab, so it is not treated as a no-op.
 */
export function transitionFor(current: WorkflowStatus, event: string): Transition {
  if (!Object.hasOwn(STATUS_EVENTS, event)) {
    return { kind: 'invalid', message: `status_event ${JSON.stringify(event)} is not one of ${Object.keys(STATUS_EVENTS).join(', ')}` };
  }
  const rule = STATUS_EVENTS[event as StatusEvent];
  if (rule.to === current && event !== 'retry') return { kind: 'already', to: current };
  if (!(rule.from as readonly WorkflowStatus[]).includes(current)) {
    return { kind: 'invalid', message: `Can not ${event} workflow that has status ${current}` };
  }
  return { kind: 'move', from: rule.from, to: rule.to };
}
