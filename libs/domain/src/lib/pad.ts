// Internal zero-padding for date keys; not exported from the library.

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

export function padYear(year: number): string {
  return String(year).padStart(4, '0');
}
