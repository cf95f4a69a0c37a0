// The package version, kept in one place for the CLI and the library.

/** neurite's version. */
export const VERSION = '0.1.0';
