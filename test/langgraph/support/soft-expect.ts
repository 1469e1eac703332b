// LangGraph's conformance specs were written for vitest and call `expect.soft` once; jest has no
// soft assertions, so a soft one fails the test at once: stricter, never looser.
const jestExpect = expect as typeof expect & { soft?: typeof expect };
jestExpect.soft ??= expect;
