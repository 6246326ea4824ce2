import { ApiError } from './api';
import { normType, type FieldDef } from './meta';

/** Converts between API values and the text an input shows. */
export function toText(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return '';
  const t = normType(f.type);
  if (t === 'timestamp') {
    const d = new Date(String(v));
    if (isNaN(d.getTime())) return String(v);
    const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 19);
  }
  if (t === 'json') return JSON.stringify(v, null, 2);
  if (t === 'file') return typeof v === 'object' ? String((v as { id?: string }).id ?? '') : String(v);
  return String(v);
}

export function fromText(f: FieldDef, s: string): unknown {
  if (s === '') return null;
  switch (normType(f.type)) {
    case 'int':
    case 'bigint':
    case 'decimal':
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s.trim()) ? Number(s) : s;
    case 'boolean':
      return s === 'true' ? true : s === 'false' ? false : s;
    case 'timestamp': {
      const d = new Date(s);
      return isNaN(d.getTime()) ? s : d.toISOString();
    }
    case 'json':
      try {
        return JSON.parse(s);
      } catch {
        throw new ApiError(0, 'INVALID_JSON', `${f.name} is not valid JSON`, [{ field: f.name, rule: 'json', message: `${f.name} is not valid JSON` }]);
      }
    default:
      return s;
  }
}

