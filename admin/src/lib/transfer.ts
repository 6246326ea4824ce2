/** What importing a document would create, worked out against the app's current export (same keys as the server). */
export type Doc = Record<string, unknown>;
const SECTIONS: [string, string, (x: any) => string][] = [
  ['entities', 'entity', (x) => x.name],
  ['relations', 'relation', (x) => x.name],
  ['rules', 'rule', (x) => JSON.stringify([x.entity, x.hook ?? 'before_write', x.type, x.definition])],
  ['state_machines', 'state machine', (x) => JSON.stringify([x.entity, x.field])],
  ['workflows', 'workflow', (x) => x.name],
  ['permissions', 'permission', (x) => JSON.stringify([x.entity, x.action, x.roles ?? [], x.conditions ?? []])],
  ['webhooks', 'webhook', (x) => JSON.stringify([x.entity, x.hook ?? 'after_write', x.url])],
];

export interface SectionPreview {
  section: string;
  label: string;
  create: string[];
  skip: string[];
}

function describe(section: string, x: any): string {
  switch (section) {
    case 'entities':
      return `${x.name} (table ${x.table}, ${x.fields?.length ?? 0} fields)`;
    case 'relations':
      return `${x.name}: ${x.source} → ${x.target} (${x.type})`;
    case 'rules':
      return `${x.entity} ${x.hook ?? 'before_write'} ${x.type} rule`;
    case 'state_machines':
      return `${x.entity}.${x.field}`;
    case 'permissions':
      return `${x.action} on ${x.entity} for ${(x.roles ?? []).join(', ') || 'no role'}`;
    case 'webhooks':
      return `${x.entity} ${x.hook ?? 'after_write'} → ${x.url}`;
    default:
      return x.name ?? JSON.stringify(x).slice(0, 80);
  }
}

export function unwrapDoc(d: any): Doc {
  return d && typeof d === 'object' && d.data && typeof d.data === 'object' && !Array.isArray(d.data) && !d.version ? d.data : d;
}

export function preview(current: Doc, incoming: Doc): { sections: SectionPreview[]; records: [string, number][] } {
  const sections: SectionPreview[] = [];
  for (const [section, label, key] of SECTIONS) {
    const items = Array.isArray(incoming[section]) ? (incoming[section] as any[]) : [];
    if (!items.length) continue;
    const have = new Set(((current[section] as any[]) ?? []).map(key));
    const p: SectionPreview = { section, label, create: [], skip: [] };
    for (const x of items) {
      const k = key(x);
      (have.has(k) ? p.skip : p.create).push(describe(section, x));
      have.add(k);
    }
    sections.push(p);
  }
  const sample = (incoming.sample_data ?? {}) as Record<string, unknown[]>;
  const records = Object.entries(sample).map(([k, rows]) => [k, Array.isArray(rows) ? rows.length : 0] as [string, number]);
  return { sections, records };
}
