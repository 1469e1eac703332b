import { STATUS_EVENTS, transitionFor, WORKFLOW_STATUSES } from './workflow-status.js';

describe('workflow status machine', () => {
  it.each([
    ['created', 'start', 'running'],
    ['running', 'pause', 'paused'],
    ['running', 'require_input', 'input_required'],
    ['running', 'require_plan_approval', 'plan_approval_required'],
    ['running', 'require_tool_call_approval', 'tool_call_approval_required'],
    ['paused', 'resume', 'running'],
    ['input_required', 'resume', 'running'],
    ['plan_approval_required', 'resume', 'running'],
    ['tool_call_approval_required', 'resume', 'running'],
    ['failed', 'retry', 'running'],
    ['stopped', 'retry', 'running'],
    ['running', 'retry', 'running'],
    ['running', 'finish', 'finished'],
    ['created', 'drop', 'failed'],
    ['paused', 'stop', 'stopped'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(transitionFor(from, event)).toMatchObject({ kind: 'move', to });
  });

  it.each([
    ['created', 'pause'],
    ['finished', 'start'],
    ['finished', 'stop'],
    ['stopped', 'drop'],
    ['paused', 'finish'],
    ['created', 'resume'],
  ] as const)('refuses %s --%s--> and names both', (from, event) => {
    const result = transitionFor(from, event);
    expect(result).toEqual({ kind: 'invalid', message: `Can not ${event} workflow that has status ${from}` });
  });

  it('treats an event whose target is the current status as already done', () => {
    expect(transitionFor('running', 'start')).toEqual({ kind: 'already', to: 'running' });
    expect(transitionFor('paused', 'pause')).toEqual({ kind: 'already', to: 'paused' });
    expect(transitionFor('finished', 'finish')).toEqual({ kind: 'already', to: 'finished' });
  });

  it('refuses unknown events, including inherited object keys', () => {
    expect(transitionFor('running', 'explode').kind).toBe('invalid');
    expect(transitionFor('running', 'constructor').kind).toBe('invalid');
    expect(transitionFor('running', '__proto__').kind).toBe('invalid');
  });

  it('only ever targets known statuses', () => {
    for (const rule of Object.values(STATUS_EVENTS)) expect(WORKFLOW_STATUSES).toContain(rule.to);
  });
});
