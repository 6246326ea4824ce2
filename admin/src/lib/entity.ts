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

export interface RelationRow {
  name: string;
  source: string;
  target: string;
  definition: import('./meta').RelationDef;
}

/** A list the app's API answers as { data: [...] } at `path`, fetched again when the app changes. */
export function useAppList<T>(app: () => string, path: string) {
  return createResource(app, (a) => appApi(a).get<{ data: T[] }>(path).then((r) => r.data));
}

/** The app's relations (from the admin API). */
export function useRelations(app: () => string) {
  return useAppList<RelationRow>(app, '/_admin/relations');
}

/** The names of the app's entities (from the admin API). */
export function useEntityNames(app: () => string) {
  return createResource(app, (a) => appApi(a).get<{ data: { name: string }[] }>('/_admin/entities').then((r) => r.data.map((e) => e.name)));
}

/** A short label for a related row: a name-like field, else its id. */
export function label(row: unknown): string {
  if (row === null || row === undefined) return '';
  if (typeof row !== 'object') return String(row);
  const o = row as Record<string, unknown>;
  for (const k of ['name', 'title', 'ref', 'email', 'label', 'code']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  return String(o.id ?? JSON.stringify(o).slice(0, 30));
}

export function related(v: unknown): string {
  if (Array.isArray(v)) {
    const names = v.slice(0, 3).map(label).join(', ');
    return `${v.length}${v.length ? ': ' + names + (v.length > 3 ? ', …' : '') : ''}`;
  }
  return label(v);
}
