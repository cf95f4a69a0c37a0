// Serialization (browser-safe part): the safetensors format, packing nested state into tensors
// plus JSON, and checking loaded weights against a model. File access is in node-index.ts.

export { CheckpointError } from './checkpoint-error.js';
export { encodeSafetensors, decodeSafetensors, MAX_HEADER_BYTES } from './safetensors.js';
export type { EncodeSafetensorsOptions, DecodeSafetensorsOptions, SafetensorsContents } from './safetensors.js';
export { SAFETENSORS_DTYPES } from './safetensors-dtypes.js';
export type { SafetensorsDType } from './safetensors-dtypes.js';
export { packState, unpackState, stringifyState, parseState } from './pack-state.js';
export type { PackedState } from './pack-state.js';
export { validateStateDict, stateDictMismatches } from './validate-state-dict.js';
export { RUN_FORMAT, checkRunDescription, specTensorShapes, checkSpecAgainstWeights, buildRunModel, rowSize, checkDataFitsModel } from './run-format.js';
export type { RunDescription, RunModel } from './run-format.js';
