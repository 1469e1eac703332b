import { DuoWorkflowApiError, oneAnswerPerItem } from '../../packages/langgraph-saver/src/errors.js';

describe('oneAnswerPerItem', () => {
  it('passes a batch answer with one entry per item sent', () => {
    expect(oneAnswerPerItem([1, 2], 2, 'workflows', '/x/batch')).toEqual([1, 2]);
  });

  it('refuses any other count, or no list at all, naming the route', () => {
    expect(() => oneAnswerPerItem([1], 2, 'results', '/x/batch')).toThrow(new DuoWorkflowApiError('expected 2 results, got 1 (POST /x/batch)', 200, 'POST', '/x/batch'));
    expect(() => oneAnswerPerItem(undefined, 3, 'workflows', '/y')).toThrow('expected 3 workflows, got none (POST /y)');
  });
});
