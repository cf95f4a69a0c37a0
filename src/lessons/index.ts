// The lecture made runnable: each lesson is a function returning its measured numbers.

export { workedExample } from './worked-example.js';
export type { WorkedExampleInput, WorkedExampleResult } from './worked-example.js';
