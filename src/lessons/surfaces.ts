// The 2-D test functions of the optimizers lesson (Rosenbrock, Beale, an elongated quadratic, a
// saddle) with closed-form gradients, so learning-rate sweeps of thousands of steps stay fast.

/** A 2-D function with its gradient, a start point, a goal and a view box for the contour plot. */
export interface Surface {
  name: 'rosenbrock' | 'beale' | 'quadratic' | 'saddle';
  formula: string;
  f(x: number, y: number): number;
  grad(x: number, y: number): [number, number];
  start: [number, number];
  /** Reached when f(theta) <= goal (f* + tolerance; for the saddle: escaped below -1). */
  goal: number;
  /** The minimum, when there is one. */
  argmin?: [number, number];
  view: { x: [number, number]; y: [number, number] };
}

/** Rosenbrock (1960), f = (1 - x)^2 + 100 (y - x^2)^2: a curved, flat-bottomed valley; minimum 0 at (1, 1). */
export const rosenbrock: Surface = {
  name: 'rosenbrock',
  formula: '(1 - x)^2 + 100 (y - x^2)^2',
  f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  start: [-1.2, 1],
  goal: 1e-4,
  argmin: [1, 1],
  view: { x: [-2, 2], y: [-1, 3] },
};

/** Beale, f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2: sharp ridges; minimum 0 at (3, 0.5). */
export const beale: Surface = {
  name: 'beale',
  formula: '(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2',
  f: (x, y) => (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2,
  grad: (x, y) => {
    const [a, b, c] = [1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y ** 3];
    return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
  },
  start: [1, 1.5],
  goal: 1e-4,
  argmin: [3, 0.5],
  view: { x: [-0.5, 4], y: [-1, 2] },
};

/** An elongated quadratic bowl, f = (x^2 + 50 y^2) / 2 (condition number 50): GD zig-zags across the valley. */
export const quadratic: Surface = {
  name: 'quadratic',
  formula: '(x^2 + 50 y^2) / 2',
  f: (x, y) => (x * x + 50 * y * y) / 2,
  grad: (x, y) => [x, 50 * y],
  start: [-4, 0.8],
  goal: 1e-4,
  argmin: [0, 0],
  view: { x: [-5, 5], y: [-1.5, 1.5] },
};

/** A saddle, f = x^2 - y^2, started almost on the ridge: the goal is to escape (f <= -1). */
export const saddle: Surface = {
  name: 'saddle',
  formula: 'x^2 - y^2',
  f: (x, y) => x * x - y * y,
  grad: (x, y) => [2 * x, -2 * y],
  start: [-1.5, 1e-3],
  goal: -1,
  view: { x: [-2, 2], y: [-2, 2] },
};

/** All four surfaces. */
export const SURFACES: readonly Surface[] = [rosenbrock, beale, quadratic, saddle];
