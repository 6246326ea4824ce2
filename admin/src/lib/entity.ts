import { createResource } from 'solid-js';
import { appApi } from './api';
import type { EntityDef } from './meta';

/** The definition of one entity of an app (from the admin API). */
export function useEntity(app: () => string, entity: () => string) {
  return createResource(
    () => [app(), entity()] as const,
    ([a, e]) => appApi(a).get<{ data: { definition: EntityDef } }>(`/_admin/entities/${encodeURIComponent(e)}`).then((r) => r.data.definition),
  );
}

export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.filename === 'string' && typeof o.id === 'string') return `file: ${o.filename}`;
    const s = JSON.stringify(v);
    return s.length > 80 ? s.slice(0, 77) + '…' : s;
  }
  const s = String(v);
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}
