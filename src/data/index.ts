// Datasets, loaders and preprocessing (browser-safe part).

export {};
