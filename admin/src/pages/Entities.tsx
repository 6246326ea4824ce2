import { A, useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { ActionsCell, ActionsHeader, ConfirmDelete, DataTable, DeleteButton, deletion, Listing, useTitle } from '../components';
import { appApi } from '../lib/api';
import { ErDiagram } from '../ErDiagram';
import { useAppList, useRelations } from '../lib/entity';
import type { EntityDef } from '../lib/meta';

interface EntityRow {
  name: string;
  table_name: string;
  definition: EntityDef;
}

/** An app's entities and relations, with links to their editors and to each entity's data. */
export default function Entities() {
  const params = useParams() as Record<string, string>;
  useTitle(() => `${params.app}: entities`);
  const [entities, { refetch }] = useAppList<EntityRow>(() => params.app, '/_admin/entities');
  const [relations, rel] = useRelations(() => params.app);
  const remove = deletion(
    (d: { kind: 'entities' | 'relations'; name: string }) => appApi(params.app).del(`/_admin/${d.kind}/${encodeURIComponent(d.name)}`),
    () => Promise.all([refetch(), rel.refetch()]),
  );

  return (
    <div class="space-y-4">
      <section class="card" aria-labelledby="ent-h">
        <div class="mb-3 flex flex-wrap items-center gap-2">
          <h1 id="ent-h" class="h1 mr-auto">
            Entities of {params.app}
          </h1>
          <A class="btn btn-primary" href={`/apps/${params.app}/entities/new`}>
            New entity
          </A>
        </div>
        <Listing list={entities} errorTitle="Could not list the entities" empty="No entities yet. An entity is a table plus the REST routes that serve it.">
          <DataTable
            testid="entities-table"
            each={entities()}
            head={
              <>
                <th class="th">Entity</th>
                <th class="th hidden sm:table-cell">Table</th>
                <th class="th hidden sm:table-cell">Fields</th>
                <th class="th hidden md:table-cell">Soft delete</th>
                <ActionsHeader />
              </>
            }
          >
            {(e) => (
              <tr data-entity={e.name}>
                <td class="td font-medium">
                  <A class="link" href={`/apps/${params.app}/entities/${e.name}`}>
                    {e.name}
                  </A>
                </td>
                <td class="td hidden font-mono text-xs sm:table-cell">{e.table_name}</td>
                <td class="td hidden sm:table-cell">{e.definition.fields?.length ?? 0}</td>
                <td class="td hidden md:table-cell">{e.definition.soft_delete === false ? 'no' : 'yes'}</td>
                <ActionsCell>
                  <A class="btn btn-small mr-1" href={`/apps/${params.app}/data/${e.name}`}>
                    Data
                  </A>
                  <A class="btn btn-small mr-1" href={`/apps/${params.app}/entities/${e.name}`} aria-label={`Edit entity ${e.name}`}>
                    Edit
                  </A>
                  <DeleteButton label={`Delete entity ${e.name}`} onClick={() => remove.ask({ kind: 'entities', name: e.name })} />
                </ActionsCell>
              </tr>
            )}
          </DataTable>
        </Listing>
      </section>

      <section class="card" aria-labelledby="rel-h">
        <div class="mb-3 flex flex-wrap items-center gap-2">
          <h2 id="rel-h" class="h2 mr-auto">
            Relations
          </h2>
          <Show when={(entities()?.length ?? 0) > 0}>
            <A class="btn" href={`/apps/${params.app}/relations/new`}>
              New relation
            </A>
          </Show>
        </div>
        <Listing list={relations} errorTitle="Could not list the relations" empty="No relations yet.">
          <DataTable
            testid="relations-table"
            each={relations()}
            head={
              <>
                <th class="th">Relation</th>
                <th class="th">From → to</th>
                <th class="th hidden sm:table-cell">Type</th>
                <th class="th hidden md:table-cell">On delete</th>
                <ActionsHeader />
              </>
            }
          >
            {(r) => (
              <tr data-relation={r.name}>
                <td class="td font-medium">
                  <A class="link" href={`/apps/${params.app}/relations/${r.name}`}>
                    {r.name}
                  </A>
                </td>
                <td class="td">
                  {r.source} → {r.target}
                </td>
                <td class="td hidden sm:table-cell">{r.definition.type}</td>
                <td class="td hidden md:table-cell">{r.definition.on_delete}</td>
                <td class="td text-right">
                  <DeleteButton label={`Delete relation ${r.name}`} onClick={() => remove.ask({ kind: 'relations', name: r.name })} />
                </td>
              </tr>
            )}
          </DataTable>
        </Listing>
      </section>

      <Show when={(entities()?.length ?? 0) > 0}>
        <section class="card" aria-labelledby="erd-h">
          <h2 id="erd-h" class="h2 mb-3">Diagram</h2>
          <ErDiagram entities={(entities() ?? []).map((e) => e.definition)} relations={(relations() ?? []).map((r) => r.definition)} />
        </section>
      </Show>

      <ConfirmDelete
        deletion={remove}
        title={`Delete ${remove.item()?.kind === 'entities' ? 'entity' : 'relation'} ${remove.item()?.name ?? ''}?`}
        confirmLabel={remove.busy() ? 'Deleting…' : 'Delete'}
      >
        <Show
          when={remove.item()?.kind === 'entities'}
          fallback={<p>The relation's metadata goes; foreign-key columns and join tables keep their data.</p>}
        >
          <p>
            The entity's routes, its relations, rules and state machines go. Its table and data stay in the database
            (Rocket never drops tables); defining the entity again serves them again.
          </p>
        </Show>
      </ConfirmDelete>
    </div>
  );
}
