// Serialization (Node-only part): durable file writes and run-directory checkpoints.
// Exported from src/node.ts only, never from the browser-safe src/index.ts.

export { writeFileAtomic, writeFileDurable, fsyncDir, makeDirs, atomicTempPrefix } from './node-write-file-atomic.js';
export { readFileBounded, tryReadExact, describeFileType } from './node-read-bounded.js';
export { saveCheckpoint, loadCheckpoint, recoverCheckpoint, needsRecovery, MANIFEST_FILE, PENDING_MANIFEST_FILE, DATA_FILES } from './node-checkpoint.js';
export type { Checkpoint, CheckpointManifest, ManifestEntry, SaveCheckpointOptions, LoadCheckpointOptions, RecoveryReport } from './node-checkpoint.js';
