import { type Accessor, createEffect, createSignal, For, type JSX, onCleanup, Show } from 'solid-js';
import { ApiError, type ErrorDetail } from './lib/api';

/** Any error with everything the API said: status, code, message and each detail. */
export function ErrorBox(props: { error: unknown; title?: string }) {
  const e = () => props.error;
  const api = () => (e() instanceof ApiError ? (e() as ApiError) : null);
  return (
    <Show when={e()}>
      <div role="alert" class="my-3 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="error">
        <div class="font-semibold">
          {props.title ?? 'Request failed'}
          <Show when={api()}>
            {(a) => (
              <span class="ml-2 font-mono text-xs">
                {a().status ? `HTTP ${a().status} ` : ''}
                {a().code}
              </span>
            )}
          </Show>
        </div>
        <div>{(e() as Error).message ?? String(e())}</div>
        <Show when={api()?.details.length}>
          <ul class="mt-1 list-disc pl-5">
            <For each={api()!.details}>{(d) => <li>{describe(d)}</li>}</For>
          </ul>
        </Show>
        <Show when={api()?.path}>
          <div class="mt-1 font-mono text-xs text-red-700">
            {api()!.method} /api{api()!.path}
          </div>
        </Show>
      </div>
    </Show>
  );
}

export function describe(d: ErrorDetail): string {
  const where = [d.relation && `${d.relation}${d.index !== undefined ? `[${d.index}]` : ''}`, d.field]
    .filter(Boolean)
    .join('.');
  return `${where ? where + ': ' : ''}${d.message}${d.rule && !d.message.includes(d.rule) ? ` (${d.rule})` : ''}`;
}

/** Details of a 422 that name a field, by field; shown next to the inputs. */
export function fieldErrors(e: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (e instanceof ApiError) {
    for (const d of e.details) {
      if (d.field && d.relation === undefined)
        (out[d.field] ??= []).push(d.rule && !d.message.includes(d.rule) ? `${d.message} (${d.rule})` : d.message);
    }
  }
  return out;
}

/** The details no input shows (no field, or a field the form has no input for). */
export function otherErrors(e: unknown, shown: string[]): unknown {
  if (!(e instanceof ApiError)) return e;
  const rest = e.details.filter((d) => !d.field || d.relation !== undefined || !shown.includes(d.field));
  if (rest.length === e.details.length) return e;
  return new ApiError(e.status, e.code, e.message, rest, e.method, e.path);
}

/** A modal confirmation (native <dialog>: focus stays inside, Escape cancels, focus returns to where it was). */
export function Confirm(props: {
  open: boolean;
  title: string;
  children: JSX.Element;
  confirmLabel: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  let dialog!: HTMLDialogElement;
  let opener: HTMLElement | null = null;
  createEffect(() => {
    if (props.open && !dialog.open) {
      opener = document.activeElement as HTMLElement | null;
      dialog.showModal();
    }
    if (!props.open && dialog.open) {
      dialog.close();
      if (opener?.isConnected) opener.focus();
      opener = null;
    }
  });
  onCleanup(() => dialog?.open && dialog.close());
  return (
    <dialog
      ref={dialog}
      class="w-[min(32rem,92vw)] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
      aria-labelledby="confirm-title"
    >
      <form
        method="dialog"
        class="p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.disabled) props.onConfirm();
        }}
      >
        <h2 id="confirm-title" class="h2 mb-2">
          {props.title}
        </h2>
        <div class="text-sm">{props.children}</div>
        <div class="mt-4 flex justify-end gap-2">
          <button type="button" class="btn" onClick={() => props.onCancel()}>
            Cancel
          </button>
          <button type="submit" class={props.danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={props.disabled}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

export function Loading(props: { when: boolean }) {
  return (
    <Show when={props.when}>
      <p class="my-2 text-sm text-slate-500" role="status">
        Loading…
      </p>
    </Show>
  );
}

export function useTitle(t: () => string) {
  createEffect(() => (document.title = `${t()} · Rocket admin`));
}

/** Runs an async action, exposing busy and error signals. */
export function action<A extends unknown[], R>(fn: (...a: A) => Promise<R>) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const run = async (...a: A): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn(...a);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError };
}

/** A list as a table that scrolls sideways on narrow screens: the header cells, then what `children` renders for each item. */
export function DataTable<T>(props: {
  testid?: string;
  busy?: boolean;
  caption?: JSX.Element;
  head: JSX.Element;
  each: readonly T[] | undefined | null | false;
  children: (item: T, index: Accessor<number>) => JSX.Element;
}) {
  return (
    <div class="relative overflow-x-auto">
      <table class="w-full" data-testid={props.testid} aria-busy={props.busy}>
        {props.caption}
        <thead>
          <tr>{props.head}</tr>
        </thead>
        <tbody>
          <For each={props.each}>{props.children}</For>
        </tbody>
      </table>
    </div>
  );
}

/** The header of a table's row-actions column (named for screen readers only). */
export function ActionsHeader() {
  return (
    <th class="th">
      <span class="sr-only">Actions</span>
    </th>
  );
}

/** A row's action buttons, kept on one line at the right. */
export function ActionsCell(props: { children: JSX.Element }) {
  return <td class="td whitespace-nowrap text-right">{props.children}</td>;
}

/**
 * A deletion that waits for confirmation: `ask(item)` opens it (clearing an earlier error), `cancel()` drops it,
 * `confirm()` runs `remove(item)`, closes, then runs `after()` (a refetch); busy and error as with `action`.
 */
export function deletion<T>(remove: (item: T) => Promise<unknown>, after: () => unknown) {
  const [pending, setPending] = createSignal<{ item: T } | null>(null);
  const run = action(async () => {
    await remove(pending()!.item);
    setPending(null);
    await after();
  });
  return {
    item: () => pending()?.item,
    open: () => pending() !== null,
    ask: (item: T) => {
      run.setError(null);
      setPending({ item });
    },
    cancel: () => setPending(null),
    confirm: () => run.run(),
    busy: run.busy,
    error: run.error,
  };
}
export type Deletion<T> = ReturnType<typeof deletion<T>>;

/** The row button that asks for a deletion. */
export function DeleteButton(props: { label?: string; onClick: () => void }) {
  return (
    <button type="button" class="btn btn-small" aria-label={props.label} onClick={() => props.onClick()}>
      Delete
    </button>
  );
}

/** The confirmation of a `deletion`: what goes (children), then why it was refused, if it was. */
export function ConfirmDelete<T>(props: {
  deletion: Deletion<T>;
  title: string;
  confirmLabel: string;
  disabled?: boolean;
  errorTitle?: string;
  children: JSX.Element;
}) {
  return (
    <Confirm
      open={props.deletion.open()}
      title={props.title}
      confirmLabel={props.confirmLabel}
      danger
      disabled={props.disabled || props.deletion.busy()}
      onCancel={() => props.deletion.cancel()}
      onConfirm={() => props.deletion.confirm()}
    >
      {props.children}
      <ErrorBox error={props.deletion.error()} title={props.errorTitle ?? 'Could not delete'} />
    </Confirm>
  );
}

/** A fetched list's states: loading, why it failed, the `empty` note when it has no items, else `children` (its table). */
export function Listing(props: {
  list: { (): readonly unknown[] | undefined; loading: boolean; error: unknown };
  errorTitle: string;
  empty: string;
  children: JSX.Element;
}) {
  return (
    <>
      <Loading when={props.list.loading} />
      <ErrorBox error={props.list.error} title={props.errorTitle} />
      <Show when={props.list()?.length === 0}>
        <p class="text-sm text-slate-600">{props.empty}</p>
      </Show>
      <Show when={props.list()?.length}>{props.children}</Show>
    </>
  );
}

/** A card section named by its h2 (the heading's id is the section's aria-labelledby). */
export function CardSection(props: { id: string; title: JSX.Element; children: JSX.Element }) {
  return (
    <section class="card space-y-2" aria-labelledby={props.id}>
      <h2 id={props.id} class="h2">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}
