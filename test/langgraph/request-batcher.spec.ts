import { RequestBatcher, type BatchLimits } from '../../packages/langgraph-saver/src/request-batcher.js';

/** A batcher whose batches are answered by hand, to see what it sends and when. */
function harness(limits: Partial<BatchLimits> = {}) {
  const sent: { items: string[]; answer: (results: (string | Error)[]) => void; fail: (error: Error) => void }[] = [];
  const batcher = new RequestBatcher<string>(
    (items) => new Promise((answer, fail) => sent.push({ items, answer, fail })),
    { maxItems: 100, maxBytes: 1000, maxInFlight: 1, ...limits },
  );
  return { batcher, sent };
}

/** The end of the event loop's current turn, when the batcher sends what waits. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestBatcher', () => {
  it('sends the calls of one turn together, one batch at a time, and the calls that waited in the next batch', async () => {
    const { batcher, sent } = harness();
    const first = batcher.submit('"a"');
    expect(sent).toHaveLength(0);
    await turn();
    expect(sent.map((batch) => batch.items)).toEqual([['"a"']]);
    const waiting = ['"b"', '"c"', '"d"'].map((item) => batcher.submit(item));
    await turn();
    expect(sent).toHaveLength(1);

    sent[0].answer(['A']);
    await expect(first).resolves.toBe('A');
    await turn();
    expect(sent[1].items).toEqual(['"b"', '"c"', '"d"']);
    sent[1].answer(['B', new Error('no C'), 'D']);
    await expect(Promise.allSettled(waiting)).resolves.toEqual([
      { status: 'fulfilled', value: 'B' },
      { status: 'rejected', reason: new Error('no C') },
      { status: 'fulfilled', value: 'D' },
    ]);
  });

  it("puts the calls an answer releases into the same batch as the calls that waited for it (a graph's next step)", async () => {
    const { batcher, sent } = harness();
    const first = batcher.submit('"a"').then(() => batcher.submit('"c"'));
    await turn();
    const waited = batcher.submit('"b"');
    await turn();
    sent[0].answer(['A']);
    await turn(); // the answer's callbacks run, and the batcher schedules its next send…
    await turn(); // …which happens at the end of that turn
    expect(sent.map((batch) => batch.items)).toEqual([['"a"'], ['"b"', '"c"']]);
    sent[1].answer(['B', 'C']);
    await expect(Promise.all([first, waited])).resolves.toEqual(['C', 'B']);
  });

  it('keeps batches within maxItems and maxBytes, and sends a larger item alone', async () => {
    const { batcher, sent } = harness({ maxItems: 2, maxBytes: 10 });
    const calls = [batcher.submit('1'), batcher.submit('22'), batcher.submit('333'), batcher.submit('x'.repeat(20)), batcher.submit('4444444'), batcher.submit('55555')];
    const batches: string[][] = [];
    while (batches.length < 5) {
      await turn();
      const next = sent[batches.length];
      if (!next) continue;
      batches.push(next.items);
      next.answer(next.items.map((item) => item.toUpperCase()));
    }
    expect(batches).toEqual([['1', '22'], ['333'], ['x'.repeat(20)], ['4444444'], ['55555']]);
    await expect(Promise.all(calls)).resolves.toHaveLength(6);
  });

  it('fails every call of a batch whose request failed, and goes on with the next', async () => {
    const { batcher, sent } = harness();
    const first = batcher.submit('1');
    await turn();
    const second = [batcher.submit('2'), batcher.submit('3')];
    sent[0].fail(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await turn();
    sent[1].fail(new Error('still down'));
    await Promise.all(second.map((call) => expect(call).rejects.toThrow('still down')));
    const third = batcher.submit('4');
    await turn();
    sent[2].answer(['four']);
    await expect(third).resolves.toBe('four');
  });

  it('keeps up to maxInFlight batches out at once', async () => {
    const { batcher, sent } = harness({ maxInFlight: 2, maxItems: 1 });
    for (const item of ['1', '2', '3', '4']) void batcher.submit(item);
    await turn();
    expect(sent.map((batch) => batch.items)).toEqual([['1'], ['2']]);
  });

  it('splits the calls of a turn between the free batches, and keeps the groups their answers release apart', async () => {
    const { batcher, sent } = harness({ maxInFlight: 2 });
    const items = Array.from({ length: 12 }, (_, i) => String(i));
    // Each caller calls again once answered, as a graph's thread puts its next step.
    const calls = items.map((item) => batcher.submit(item).then(() => batcher.submit(`${item}+`)));
    await turn();
    expect(sent.map((batch) => batch.items)).toEqual([items.slice(0, 6), items.slice(6)]);

    sent[0].answer(sent[0].items.map((item) => item.toUpperCase()));
    await turn();
    await turn();
    // The first group's next calls go while the second batch is still out: a batch of their own.
    expect(sent.map((batch) => batch.items.length)).toEqual([6, 6, 6]);
    expect(sent[2].items).toEqual(items.slice(0, 6).map((item) => `${item}+`));

    sent[1].answer(sent[1].items);
    sent[2].answer(sent[2].items);
    await turn();
    await turn();
    // Both out of the way: the second group's next calls are split between the two free batches.
    expect(sent.slice(3).map((batch) => batch.items)).toEqual([items.slice(6, 9).map((item) => `${item}+`), items.slice(9).map((item) => `${item}+`)]);
    sent[3].answer(sent[3].items);
    sent[4].answer(sent[4].items);
    await expect(Promise.all(calls)).resolves.toEqual([...items.slice(0, 6).map((item) => `${item}+`), ...items.slice(6).map((item) => `${item}+`)]);
  });

  it('with one batch in flight, sends every waiting call in it', async () => {
    const { batcher, sent } = harness({ maxInFlight: 1 });
    for (const item of ['1', '2', '3']) void batcher.submit(item);
    await turn();
    expect(sent.map((batch) => batch.items)).toEqual([['1', '2', '3']]);
  });

  it('evens out groups that formed unequal: a batch takes no more than its share of the calls waiting and out', async () => {
    const { batcher, sent } = harness({ maxInFlight: 2 });
    const again = (item: string) => batcher.submit(item).then(() => batcher.submit(`${item}+`));
    void again('a');
    await turn();
    expect(sent.map((batch) => batch.items)).toEqual([['a']]);
    for (const item of ['b', 'c', 'd', 'e', 'f']) void again(item);
    await turn();
    // Six calls in all, two batches: three go; the other two wait instead of going as a group of five.
    expect(sent.map((batch) => batch.items)).toEqual([['a'], ['b', 'c', 'd']]);

    sent[0].answer(['A']);
    await turn();
    await turn();
    expect(sent[2].items).toEqual(['e', 'f', 'a+']);
  });

  it('sends a call alone when its share is larger than what waits', async () => {
    const { batcher, sent } = harness({ maxInFlight: 2 });
    for (const item of ['1', '2', '3', '4', '5', '6']) void batcher.submit(item);
    await turn();
    sent[0].answer(['1', '2', '3']);
    const late = batcher.submit('7');
    await turn();
    // Its share is two (one waiting, three out), but one is all there is.
    expect(sent[2].items).toEqual(['7']);
    sent[2].answer(['seven']);
    await expect(late).resolves.toBe('seven');
  });
});
