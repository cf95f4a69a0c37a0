// Serialization (Node-only part): durable file writes and run-directory checkpoints.
// Exported from src/node.ts only, never from the browser-safe src/index.ts.

export { writeFileAtomic, writeFileDurable, fsyncDir } from './node-write-file-atomic.js';
export { saveCheckpoint, loadCheckpoint, MANIFEST_FILE, PENDING_MANIFEST_FILE } from './node-checkpoint.js';
export type { Checkpoint, CheckpointManifest, ManifestEntry, SaveCheckpointOptions, LoadCheckpointOptions } from './node-checkpoint.js';
