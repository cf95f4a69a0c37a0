// Every user-facing op, in one namespace (re-exported by src/index.ts).

export * from './elementwise.js';
export * from './reduce.js';
export * from './shape.js';
export * from './pad.js';
export * from './linalg.js';
export * from './activations.js';
export * from './extra-activations.js';
export * from './conv.js';
export * from './pooling.js';
export * from './unfold.js';
