// Serialization (browser-safe part): safetensors encoding and checkpoint structures.

export {};
