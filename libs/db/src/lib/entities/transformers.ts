import type { ValueTransformer } from 'typeorm';

/** `numeric` arrives from pg as a string (exact decimal); fractions such as targets are safe as numbers. */
export const fractionTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
