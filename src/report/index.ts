// Charts and pictures as SVG (browser-safe part).

export {};
