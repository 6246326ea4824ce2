import { createResource, createSignal, For, Show } from 'solid-js';
import { ErrorBox } from './components';
import { appApi } from './lib/api';
import { label } from './lib/entity';
import type { EntityDef, RelationDef } from './lib/meta';

/**
 * The linked records of a many_to_many relation, chosen from the target's records (up to 100 shown, with a
 * search on a text field). Sent with the record as a `replace` nested write when the choice changed.
 */
export function createManyPicker(app: string, relation: RelationDef, target: EntityDef, current: Record<string, unknown>[]) {
  const pk = target.primary_key.field;
  const initial = current.map((r) => String(r[pk]));
  const [chosen, setChosen] = createSignal<string[]>(initial);
  const [query, setQuery] = createSignal('');
  const textField = target.fields.find((f) => ['name', 'title', 'ref', 'email', 'label', 'code'].includes(f.name))?.name;
  const [options] = createResource(
    () => query(),
    (q) =>
      appApi(app)
        .get<{ data: Record<string, unknown>[] }>(`/${target.name}?per_page=100${q && textField ? `&filter[${textField}.like]=${encodeURIComponent('%' + q + '%')}` : ''}`)
        .then((r) => r.data),
  );
  const known = new Map(current.map((r) => [String(r[pk]), r]));
  const payload = () => {
    const now = chosen();
    if (now.length === initial.length && now.every((id) => initial.includes(id))) return undefined;
    return { _write_mode: 'replace', data: now.map((id) => ({ [pk]: id })) };
  };
  const toggle = (id: string) => setChosen(chosen().includes(id) ? chosen().filter((x) => x !== id) : [...chosen(), id]);

  function View() {
    return (
      <fieldset class="rounded border border-slate-200 p-3" data-testid={`links-${relation.name}`}>
        <legend class="px-1 text-sm font-semibold">
          {relation.name} <span class="font-normal text-slate-500">(linked {target.name} records, many to many)</span>
        </legend>
        <div class="mb-2 flex flex-wrap gap-1" aria-label="Linked">
          <For each={chosen()} fallback={<span class="text-sm text-slate-500">None linked.</span>}>
            {(id) => (
              <span class="flex items-center gap-1 rounded-full bg-indigo-50 px-2 py-0.5 text-sm">
                {label(known.get(id) ?? options()?.find((o) => String(o[pk]) === id) ?? id)}
                <button type="button" class="rounded px-1 hover:bg-indigo-200" aria-label={`Unlink ${id}`} onClick={() => toggle(id)}>×</button>
              </span>
            )}
          </For>
        </div>
        <Show when={textField}>
          <label class="sr-only" for={`search-${relation.name}`}>Search {target.name}</label>
          <input id={`search-${relation.name}`} class="input mb-2 max-w-xs" placeholder={`search ${textField}`} value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
        </Show>
        <ErrorBox error={options.error} title={`Could not list ${target.name}`} />
        <div class="max-h-48 overflow-y-auto">
          <For each={options.latest ?? []}>
            {(o) => {
              const id = String(o[pk]);
              known.has(id) || known.set(id, o);
              return (
                <label class="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={chosen().includes(id)} onChange={() => toggle(id)} />
                  {label(o)} <span class="font-mono text-xs text-slate-500">{id}</span>
                </label>
              );
            }}
          </For>
        </div>
      </fieldset>
    );
  }
  return { payload, View, relation };
}
