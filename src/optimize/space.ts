// The searched space: named parameters (real, integer, choice) mapped to and from the unit cube
// the methods move in, and the identity of a parameter assignment (its hash names the trial).

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { evenLevels } from './grid.js';
import type { Point } from './method.js';

export type ParameterType = 'real' | 'integer' | 'choice';

export interface Parameter {
  readonly name: string;
  readonly type: ParameterType;
  /** Bounds for real and integer parameters. */
  readonly low: number;
  readonly high: number;
  /** The values of a choice parameter. */
  readonly values: readonly unknown[];
  /** Grid levels for real parameters (default 5; integers use every value up to that many). */
  readonly levels: number | null;
}

/** Parameter name → value. */
export type Assignment = Readonly<Record<string, unknown>>;

/** Unit coordinate → the parameter's value. */
export function valueAt(p: Parameter, u: number): unknown {
  const t = Math.min(1, Math.max(0, u));
  switch (p.type) {
    case 'real':
      return p.low + t * (p.high - p.low);
    case 'integer':
      return Math.min(p.high, Math.max(p.low, Math.round(p.low + t * (p.high - p.low))));
    case 'choice':
      return p.values[Math.min(p.values.length - 1, Math.floor(t * p.values.length))];
  }
}

/** The parameter's value → unit coordinate (a choice sits in the middle of its bin). */
export function unitOf(p: Parameter, value: unknown): number {
  if (p.type === 'choice') {
    const i = p.values.findIndex((v) => canonicalize(v) === canonicalize(value));
    return (Math.max(0, i) + 0.5) / p.values.length;
  }
  if (p.high === p.low) return 0.5;
  return Math.min(1, Math.max(0, (Number(value) - p.low) / (p.high - p.low)));
}

export function assignmentAt(space: readonly Parameter[], x: Point): Assignment {
  return Object.fromEntries(space.map((p, i) => [p.name, valueAt(p, x[i]!)]));
}

export function pointOf(space: readonly Parameter[], a: Assignment): number[] {
  return space.map((p) => unitOf(p, a[p.name]));
}

/** Grid levels per parameter, in unit coordinates. */
export function gridLevels(space: readonly Parameter[], defaultLevels = 5): number[][] {
  return space.map((p) => {
    if (p.type === 'choice') return p.values.map((_, i) => (i + 0.5) / p.values.length);
    const n = p.levels ?? defaultLevels;
    if (p.type === 'integer') {
      const count = p.high - p.low + 1;
      if (count <= n) return Array.from({ length: count }, (_, i) => (count === 1 ? 0.5 : i / (count - 1)));
    }
    return evenLevels(n);
  });
}

/** The trial's name: a short hash of the canonical assignment (the same parameters, the same runs). */
export function assignmentKey(a: Assignment): string {
  const text = canonicalize(roundFloats(a));
  if (text === undefined) throw new Error('assignmentKey: assignment is not serialisable');
  return `t-${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12)}`;
}

/**
 * Reals rounded to 12 significant digits: values a method reaches by different arithmetic
 * (0.1 + 0.2) name the same trial, and stored parameters read cleanly.
 */
export function roundFloats(a: Assignment): Record<string, unknown> {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v]));
}

/** A value as short JSON for a message (`nothing` for undefined). */
export function shortJson(v: unknown): string {
  const text = v === undefined ? 'nothing' : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** What is wrong with a value for a parameter (a start, a proposer's answer), or null. */
export function parameterProblem(p: Parameter, v: unknown): string | null {
  if (p.type === 'choice') {
    const text = canonicalize(v);
    return p.values.some((x) => canonicalize(x) === text) ? null : `${shortJson(v)} is not one of the values ${shortJson(p.values)}`;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return `expected a ${p.type === 'integer' ? 'whole' : 'finite'} number, got ${shortJson(v)}`;
  if (p.type === 'integer' && !Number.isInteger(v)) return `expected a whole number, got ${v}`;
  if (v < p.low || v > p.high) return `${v} is outside the bounds [${p.low}, ${p.high}]`;
  return null;
}
