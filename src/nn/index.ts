// The nn namespace: modules, layers, losses, initializers, regularization.

export { Parameter } from './parameter.js';
