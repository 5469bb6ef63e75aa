// Pool key of a server spec: equal specs give equal keys whatever their property order.

/** Same spec, same key, whatever the property order. */
export function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableKey(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
