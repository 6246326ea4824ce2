import { For, Index, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiError } from './lib/api';
import { normType, type EntityDef, type FieldDef, type RelationDef } from './lib/meta';
import { fromText, toText } from './lib/values';

/** One child row in the form: its texts, the texts it was loaded with, and whether it is marked for deletion. */
interface Row {
  id: unknown; // primary key of an existing child, undefined for a new one
  values: Record<string, string>;
  initial: Record<string, string>;
  deleted: boolean;
}

/**
 * The children of a one_to_many / one_to_one relation, edited in place in the parent's form and sent with it
 * as a nested write ({"lines": {"_write_mode": "diff", "data": [...]}}): new rows are inserted, changed rows
 * updated, rows marked for deletion deleted, all in the parent's transaction.
 */
export function createChildRows(relation: RelationDef, target: EntityDef, current: Record<string, unknown>[]) {
  const pk = target.primary_key.field;
  const columns: FieldDef[] = target.fields.filter(
    (f) => f.name !== relation.target_key && f.name !== 'deleted_at' && !f.auto && !(f.name === pk && target.primary_key.generated),
  );
  const load = (r: Record<string, unknown>): Row => {
    const values = Object.fromEntries(columns.map((f) => [f.name, toText(f, r[f.name])]));
    return { id: r[pk], values, initial: { ...values }, deleted: false };
  };
  const [rows, setRows] = createStore<Row[]>(current.map(load));
  let sent: number[] = []; // data index → row index of the last payload

  /** The nested payload, or undefined when nothing changed. */
  const payload = (): { _write_mode: string; data: Record<string, unknown>[] } | undefined => {
    const data: Record<string, unknown>[] = [];
    sent = [];
    rows.forEach((row, i) => {
      if (row.id === undefined) {
        if (row.deleted) return;
        const out: Record<string, unknown> = {};
        for (const f of columns) if (row.values[f.name] !== '') out[f.name] = fromText(f, row.values[f.name]);
        data.push(out);
      } else if (row.deleted) {
        data.push({ [pk]: row.id, _delete: true });
      } else {
        const out: Record<string, unknown> = {};
        for (const f of columns) if (row.values[f.name] !== row.initial[f.name]) out[f.name] = fromText(f, row.values[f.name]);
        if (!Object.keys(out).length) return;
        data.push({ [pk]: row.id, ...out });
      }
      sent.push(i);
    });
    return data.length ? { _write_mode: 'diff', data } : undefined;
  };

  /** Errors of this relation by row index (details carry the relation and the index in `data`). */
  const errorsOf = (error: unknown): Record<number, string[]> => {
    const out: Record<number, string[]> = {};
    if (!(error instanceof ApiError)) return out;
    for (const d of error.details) {
      if (d.relation !== relation.name || typeof d.index !== 'number') continue;
      const row = sent[d.index] ?? -1;
      (out[row] ??= []).push(`${d.field ? d.field + ': ' : ''}${d.message}`);
    }
    return out;
  };

  function View(props: { error: unknown }) {
    const errs = () => errorsOf(props.error);
    const one = relation.type === 'one_to_one';
    const live = () => rows.filter((r) => !r.deleted).length;
    return (
      <fieldset class="rounded border border-slate-200 p-3" data-testid={`children-${relation.name}`}>
        <legend class="px-1 text-sm font-semibold">
          {relation.name} <span class="font-normal text-slate-500">({target.name} rows, {relation.type.replace(/_/g, ' ')})</span>
        </legend>
        <div class="relative overflow-x-auto">
          <table class="w-full">
            <thead>
              <tr>
                <For each={columns}>{(c) => <th class="th normal-case">{c.name}</th>}</For>
                <th class="th"><span class="sr-only">Row actions</span></th>
              </tr>
            </thead>
            <tbody>
              <Index each={rows}>
                {(row, i) => (
                  <>
                    <tr class={row().deleted ? 'bg-red-50 line-through opacity-70' : ''}>
                      <For each={columns}>
                        {(c) => (
                          <td class="td min-w-[7rem]">
                            <Show
                              when={c.enum?.length || normType(c.type) === 'boolean'}
                              fallback={
                                <input
                                  class="input" aria-label={`${relation.name} row ${i + 1} ${c.name}`} disabled={row().deleted}
                                  type={['int', 'bigint'].includes(normType(c.type)) ? 'number' : normType(c.type) === 'date' ? 'date' : 'text'}
                                  value={row().values[c.name] ?? ''} onInput={(e) => setRows(i, 'values', c.name, e.currentTarget.value)}
                                />
                              }
                            >
                              <select class="input" aria-label={`${relation.name} row ${i + 1} ${c.name}`} disabled={row().deleted} value={row().values[c.name] ?? ''} onChange={(e) => setRows(i, 'values', c.name, e.currentTarget.value)}>
                                <option value="">—</option>
                                <For each={c.enum?.length ? c.enum : ['true', 'false']}>{(o) => <option value={o}>{o}</option>}</For>
                              </select>
                            </Show>
                          </td>
                        )}
                      </For>
                      <td class="td whitespace-nowrap text-right">
                        <button
                          type="button" class="btn btn-small"
                          aria-label={`${row().deleted ? 'Keep' : 'Remove'} ${relation.name} row ${i + 1}`}
                          onClick={() => (row().id === undefined ? setRows((rs) => rs.filter((_, j) => j !== i)) : setRows(i, 'deleted', !row().deleted))}
                        >
                          {row().deleted ? 'Undo' : 'Remove'}
                        </button>
                      </td>
                    </tr>
                    <Show when={errs()[i]}>
                      <tr>
                        <td class="td" colSpan={columns.length + 1}>
                          <For each={errs()[i]}>{(m) => <p class="field-error">{m}</p>}</For>
                        </td>
                      </tr>
                    </Show>
                  </>
                )}
              </Index>
            </tbody>
          </table>
        </div>
        <Show when={!one || live() === 0}>
          <button
            type="button" class="btn btn-small mt-2"
            onClick={() => setRows(rows.length, { id: undefined, values: Object.fromEntries(columns.map((c) => [c.name, ''])), initial: {}, deleted: false })}
          >
            Add {target.name} row
          </button>
        </Show>
      </fieldset>
    );
  }
  return { payload, View, relation };
}
