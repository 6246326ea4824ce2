// Browser suite for the admin UI: playwright-core driving the machine's Chromium against a running server.
//
//   ROCKET_BASE_URL=http://127.0.0.1:8080 node e2e/run.mjs
//
// Settings: ROCKET_BASE_URL (default http://127.0.0.1:8080), CHROMIUM (default /usr/bin/chromium),
// SCREENSHOTS (default e2e/screenshots), ROCKET_PLATFORM_EMAIL / ROCKET_PLATFORM_PASSWORD (the seeded
// platform admin). Each step saves a screenshot; the run fails on a failed step, an uncaught page error or a
// console error that is not a logged HTTP error status of a request the step expected to fail.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.ROCKET_BASE_URL || process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOTS || join(here, 'screenshots'));
const EMAIL = process.env.ROCKET_PLATFORM_EMAIL || 'platform@localhost';
const PASSWORD = process.env.ROCKET_PLATFORM_PASSWORD || 'changeme';
const APP = 'e2e' + Math.random().toString(16).slice(2, 10);
const APP2 = APP + '_copy';
const STEP_TIMEOUT = 20_000;

rmSync(SHOTS, { recursive: true, force: true });
mkdirSync(SHOTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'rocket-e2e-'));
const started = Date.now();
const problems = [];
let step = 0;
let expectedHttpErrors = 0;

// A fresh profile directory per run (Playwright passes it as --user-data-dir).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1280, height: 860 },
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(STEP_TIMEOUT);
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() !== 'error') return;
  // Chromium logs every 4xx answer; the steps that provoke one say how many they expect.
  if (/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) && expectedHttpErrors > 0) {
    expectedHttpErrors--;
    return;
  }
  problems.push(`console error: ${m.text()}`);
});

async function run(name, fn) {
  step++;
  const label = `${String(step).padStart(2, '0')}-${name}`;
  const t0 = Date.now();
  try {
    await fn();
    await page.screenshot({ path: join(SHOTS, `${label}.png`), fullPage: true });
    console.log(`ok   ${label} (${Date.now() - t0} ms)`);
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, `${label}-FAILED.png`), fullPage: true }).catch(() => {});
    console.log(`FAIL ${label}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}

const url = (p) => `${BASE}/admin${p}`;
const field = (i) => page.locator(`li[data-field-index="${i}"]`);

async function addField(i, { name, type, options = [], enumText, defaultText, precision, auto }) {
  await page.getByRole('button', { name: 'Add field' }).click();
  await page.locator(`#f${i}-name`).fill(name);
  if (type) await page.locator(`#f${i}-type`).selectOption(type);
  for (const o of options) await field(i).getByLabel(o, { exact: true }).check();
  if (enumText) await page.locator(`#f${i}-enum`).fill(enumText);
  if (defaultText) await page.locator(`#f${i}-default`).fill(defaultText);
  if (precision) await page.locator(`#f${i}-precision`).fill(precision);
  if (auto) await page.locator(`#f${i}-auto`).selectOption(auto);
}

async function createEntity(name, fields) {
  await page.goto(url(`/apps/${APP}/entities/new`));
  await page.locator('#ent-name').fill(name);
  for (const [i, f] of fields.entries()) await addField(i + 1, f);
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByTestId('ddl').waitFor();
  const ddl = await page.getByTestId('ddl').innerText();
  if (!ddl.includes('CREATE TABLE')) throw new Error(`no CREATE TABLE in the preview: ${ddl}`);
}

async function createRecord(entity, values) {
  await page.goto(url(`/apps/${APP}/data/${entity}/new`));
  for (const [k, v] of Object.entries(values)) {
    const input = page.locator(`#in-${k}`);
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(v);
    else await input.fill(v);
  }
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(url(`/apps/${APP}/data/${entity}`));
}

/** Deletes the suite's apps if a failed step left them behind (through the API). */
async function cleanUp() {
  try {
    const login = await fetch(`${BASE}/api/_platform/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    const token = (await login.json()).data.access_token;
    for (const app of [APP, APP2]) await fetch(`${BASE}/api/_platform/apps/${app}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
  } catch (e) {
    console.log(`clean-up failed: ${e.message}`);
  }
}

const rows = () => page.getByTestId('records-table').locator('tbody tr');

// axe-core, evaluated in the page through the DevTools protocol (the admin's CSP forbids injected <script> tags)
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeChecked = [];
/** Runs axe on the page as it is; fails on serious or critical violations (the others are counted). */
async function axe(name) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found = await page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    })));
  const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeChecked.push(`${name}: ${found.length - bad.length} minor`);
  if (bad.length) throw new Error(`axe on ${name}: ${bad.map((b) => `${b.id} (${b.impact}): ${b.help} at ${b.nodes.join(', ')}`).join('; ')}`);
}

/** The page is no wider than the window (no sideways scrolling of the whole page). */
async function noOverflow() {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) throw new Error(`the page is ${overflow}px wider than the window`);
}

/** The id (or text) of the focused element. */
const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || document.activeElement?.tagName);

/**
 * Waits for the focus to be on or inside `selector` (editors and dialogs move it on the frame after they are
 * drawn); fails naming `what` and where the focus is instead.
 */
async function focusReaches(selector, what) {
  await page.waitForFunction((s) => !!document.activeElement?.closest(s), selector, { timeout: 5000 }).catch(async () => {
    throw new Error(`${what}: the focus is on ${await focused()}, not in ${selector}`);
  });
}

/** What has the focus: id, accessible name (aria-label or text), the app row it is in; whether the focus is visible. */
const focusInfo = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { id: '', name: '', tag: 'BODY', app: '', testid: '', user: '', visible: false };
    const cs = getComputedStyle(el);
    return {
      id: el.id,
      name: (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' '),
      tag: el.tagName,
      app: el.closest('[data-app]')?.getAttribute('data-app') ?? '',
      testid: el.closest('[data-testid]')?.getAttribute('data-testid') ?? '',
      user: el.closest('[data-user]')?.getAttribute('data-user') ?? '',
      visible: el.matches(':focus-visible') && (cs.outlineStyle !== 'none' || cs.boxShadow !== 'none'),
    };
  });

/**
 * Presses Tab (Shift+Tab with back) until the focus is on what `want` names — an id ('#x'), a RegExp on the
 * accessible name, or a function of focusInfo() — and checks that the focus is visible there.
 */
async function tabTo(want, { back = false, max = 200 } = {}) {
  const matches = (f) => (typeof want === 'function' ? want(f) : want instanceof RegExp ? want.test(f.name) : f.id === want.replace(/^#/, ''));
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focusInfo();
    seen.push(f.id || f.name.slice(0, 30) || f.tag);
    if (matches(f)) {
      if (!f.visible) throw new Error(`the focus on ${f.id || f.name} is not visible`);
      return f;
    }
  }
  throw new Error(`${max} × ${back ? 'Shift+Tab' : 'Tab'} did not reach ${want}: ${seen.slice(-12).join(' → ')}`);
}

/** Opens a page as a keyboard user would find it: loaded, nothing focused yet. */
async function fresh(path, ready) {
  await page.goto(url(path));
  await ready();
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
}

let approvedInstance = '';
let failed = false;
try {
  await run('login-page', async () => {
    await page.goto(url('/'));
    await page.waitForURL(/\/admin\/login/);
    await page.getByRole('heading', { name: 'Platform sign-in' }).waitFor();
  });

  await run('platform-login-keyboard', async () => {
    await page.locator('#email').focus();
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
    await page.getByTestId('whoami').filter({ hasText: EMAIL }).waitFor();
  });

  await run('create-app', async () => {
    await page.locator('#app-name').fill(APP);
    await page.locator('#app-display').fill('E2E shop');
    await page.getByRole('button', { name: 'Create app' }).click();
    await page.locator(`tr[data-app="${APP}"]`).waitFor();
    await page.getByTestId('app-switcher').locator(`option[value="${APP}"]`).waitFor({ state: 'attached' });
  });

  await run('app-name-error-shown', async () => {
    expectedHttpErrors = 1;
    await page.locator('#app-name').fill('Bad Name!');
    await page.getByRole('button', { name: 'Create app' }).click();
    await page.getByText('VALIDATION_FAILED').waitFor();
  });

  await run('open-app', async () => {
    await page.locator(`tr[data-app="${APP}"]`).getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: `Entities of ${APP}` }).waitFor();
  });

  await run('entity-customer-preview', async () => {
    await createEntity('customer', [
      { name: 'name', type: 'string', options: ['required'] },
      { name: 'email', type: 'string', options: ['unique'] },
      { name: 'tier', type: 'string', enumText: 'gold, silver', defaultText: 'silver', options: ['index'] },
      { name: 'credit', type: 'decimal', precision: '2' },
      { name: 'created_at', type: 'timestamp', auto: 'create' },
    ]);
    const ddl = await page.getByTestId('ddl').innerText();
    for (const s of ['"credit" NUMERIC(18,2)', 'CREATE UNIQUE INDEX', '"tier" TEXT DEFAULT \'silver\''])
      if (!ddl.includes(s)) throw new Error(`preview lacks ${s}`);
  });

  await run('entity-customer-applied', async () => {
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(url(`/apps/${APP}/entities/customer`));
    await page.getByRole('heading', { name: 'Entity customer' }).waitFor();
  });

  await run('entity-order-applied', async () => {
    await createEntity('order', [
      { name: 'ref', type: 'string', options: ['required'] },
      { name: 'qty', type: 'int', defaultText: '1' },
      { name: 'customer_id', type: 'uuid', options: ['index'] },
    ]);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(url(`/apps/${APP}/entities/order`));
  });

  await run('entity-change-preview', async () => {
    await page.getByRole('button', { name: 'Add field' }).click();
    const i = (await page.locator('li[data-field-index]').count()) - 1;
    await page.locator(`#f${i}-name`).fill('state');
    await page.locator(`#f${i}-default`).fill('open');
    await page.getByRole('button', { name: 'Review changes' }).click();
    const ddl = await page.getByTestId('ddl').innerText();
    if (!ddl.includes(`ADD COLUMN "state" TEXT DEFAULT 'open'`)) throw new Error(`preview lacks the new column: ${ddl}`);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Saved.').waitFor();
  });

  await run('relation-created', async () => {
    await page.goto(url(`/apps/${APP}/relations/new`));
    await page.locator('#rel-name').fill('orders');
    await page.locator('#rel-type').selectOption('one_to_many');
    await page.locator('#rel-source').selectOption('customer');
    await page.locator('#rel-target').selectOption('order');
    await page.locator('#rel-target_key').fill('customer_id');
    await page.locator('#rel-on_delete').selectOption('cascade');
    await page.getByRole('button', { name: 'Create relation' }).click();
    await page.locator('tr[data-relation="orders"]').waitFor();
    await page.locator('svg[aria-label*="relations: customer to order"]').waitFor();
  });

  await run('record-validation-next-to-field', async () => {
    expectedHttpErrors = 1;
    await page.goto(url(`/apps/${APP}/data/customer/new`));
    await page.locator('#in-email').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('#in-name-err').filter({ hasText: 'required' }).waitFor();
    if ((await page.locator('#in-name').getAttribute('aria-invalid')) !== 'true') throw new Error('name not marked invalid');
  });

  await run('records-added', async () => {
    await createRecord('customer', { name: 'Ada', email: 'ada@example.com', tier: 'gold', credit: '12.50' });
    await createRecord('customer', { name: 'Bob', email: 'bob@example.com', tier: 'silver' });
    await createRecord('customer', { name: 'Cleo', email: 'cleo@example.com', tier: 'gold', credit: '99.99' });
    await page.getByTestId('total').filter({ hasText: '3 records' }).waitFor();
  });

  await run('nested-child-added', async () => {
    await page.goto(url(`/apps/${APP}/data/customer?filter[name]=Ada`));
    await page.getByTestId('total').filter({ hasText: '1 record' }).waitFor();
    await rows().first().getByRole('link', { name: /^Edit record/ }).click();
    const children = page.getByTestId('children-orders');
    await children.waitFor();
    await children.getByRole('button', { name: 'Add order row' }).click();
    await children.getByLabel('orders row 1 ref').fill('A-1');
    await children.getByLabel('orders row 1 qty').fill('3');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(url(`/apps/${APP}/data/customer`));
    await page.goto(url(`/apps/${APP}/data/customer?filter[name]=Ada&include=orders`));
    await rows().first().filter({ hasText: '1: A-1' }).waitFor();
  });

  await run('many-to-many-relation', async () => {
    await createEntity('tag', [{ name: 'name', type: 'string', options: ['required', 'unique'] }]);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(url(`/apps/${APP}/entities/tag`));
    await page.goto(url(`/apps/${APP}/relations/new`));
    await page.locator('#rel-name').fill('tags');
    await page.locator('#rel-type').selectOption('many_to_many');
    await page.locator('#rel-source').selectOption('customer');
    await page.locator('#rel-target').selectOption('tag');
    await page.locator('#rel-join_table').fill('customer_tags');
    await page.locator('#rel-source_join_key').fill('customer_id');
    await page.locator('#rel-target_join_key').fill('tag_id');
    await page.locator('#rel-on_delete').selectOption('detach');
    await page.getByRole('button', { name: 'Create relation' }).click();
    await page.locator('tr[data-relation="tags"]').waitFor();
    await createRecord('tag', { name: 'vip' });
    await createRecord('tag', { name: 'newsletter' });
  });

  await run('many-to-many-linked', async () => {
    await page.goto(url(`/apps/${APP}/data/customer?filter[name]=Ada`));
    await page.getByTestId('total').filter({ hasText: '1 record' }).waitFor();
    await rows().first().getByRole('link', { name: /^Edit record/ }).click();
    const links = page.getByTestId('links-tags');
    await links.getByLabel(/^vip/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(url(`/apps/${APP}/data/customer`));
    await page.goto(url(`/apps/${APP}/data/customer?filter[name]=Ada&include=orders,tags`));
    await rows().first().filter({ hasText: '1: vip' }).waitFor();
  });

  await run('filter-and-sort', async () => {
    await page.goto(url(`/apps/${APP}/data/customer`));
    await page.locator('#flt-field').selectOption('tier');
    await page.locator('#flt-op').selectOption('eq');
    await page.locator('#flt-value').fill('gold');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByTestId('total').filter({ hasText: '2 records' }).waitFor();
    await page.getByRole('button', { name: 'Sort by name' }).click(); // ascending
    await page.getByRole('button', { name: 'Sort by name' }).click(); // descending
    await page.waitForURL(/sort=-name/);
    await page.locator('th[aria-sort="descending"]').waitFor();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="records-table"] tbody tr')].map((r) => r.textContent ?? '');
      return cells.length === 2 && cells[0].includes('Cleo') && cells[1].includes('Ada');
    });
  });

  await run('filter-operator-like', async () => {
    await page.goto(url(`/apps/${APP}/data/customer?filter[email.like]=${encodeURIComponent('b%')}`));
    await page.getByTestId('total').filter({ hasText: '1 record' }).waitFor();
    await rows().first().filter({ hasText: 'Bob' }).waitFor();
  });

  await run('related-columns', async () => {
    await page.goto(url(`/apps/${APP}/data/customer?sort=name&include=orders,tags`));
    await page.getByTestId('total').filter({ hasText: '3 records' }).waitFor();
    await rows().first().filter({ hasText: '1: A-1' }).filter({ hasText: '1: vip' }).waitFor();
  });

  await run('mobile-390', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url(`/apps/${APP}/data/customer?sort=name`));
    await page.getByTestId('total').filter({ hasText: '3 records' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) throw new Error(`the page is ${overflow}px wider than a 390px screen`);
  });

  await run('deep-link-reload', async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(url(`/apps/${APP}/entities/customer`));
    await page.getByRole('heading', { name: 'Entity customer' }).waitFor();
  });

  await run('rule-builder-and-tester', async () => {
    await page.goto(url(`/apps/${APP}/meta/rules`));
    await page.getByRole('button', { name: 'New rule' }).click();
    const b = page.getByTestId('rule-builder');
    await b.waitFor();
    await focusReaches('#rule-entity', 'new rule');
    await page.locator('#rule-entity').selectOption('order');
    await page.locator('#rule-type').selectOption('expression');
    await page.locator('#rule-expression').fill('record.qty < 1 and action == "create"');
    await page.locator('#tester-record').fill('{"qty": 0}');
    await page.getByTestId('rule-tester').getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('tester-result').filter({ hasText: 'Result: true' }).filter({ hasText: 'the rule would refuse this record' }).waitFor();
    await page.locator('#tester-record').fill('{"qty": 4}');
    await page.getByTestId('rule-tester').getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('tester-result').filter({ hasText: 'Result: false' }).filter({ hasText: 'the record passes this rule' }).waitFor();
    expectedHttpErrors = 2;
    await page.locator('#rule-expression').fill('record.qty <');
    await page.getByTestId('rule-tester').getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('rule-tester').getByText(/syntax error/).waitFor();
    // the server's message lands under the input it is about
    await b.getByRole('button', { name: 'Save' }).click();
    await page.locator('#rule-expression-err').filter({ hasText: 'invalid expression' }).waitFor();
    if ((await page.locator('#rule-expression').getAttribute('aria-invalid')) !== 'true') throw new Error('expression not marked invalid');
    // a field rule instead: qty min 0, priority 5, stop on fail
    await page.locator('#rule-type').selectOption('field');
    await page.locator('#rule-field').selectOption('qty');
    await page.locator('#rule-operator').selectOption('min');
    await page.locator('#rule-value').fill('0');
    await page.locator('#rule-priority').fill('5');
    await page.locator('#rule-stop').check();
    await page.locator('#rule-message').fill('qty cannot be negative');
    const json = JSON.parse(await page.getByTestId('builder-json').textContent());
    const want = { entity: 'order', hook: 'before_write', type: 'field', priority: 5, active: true, definition: { field: 'qty', operator: 'min', value: 0, message: 'qty cannot be negative', stop_on_fail: true } };
    if (JSON.stringify(json) !== JSON.stringify(want)) throw new Error(`the builder would send ${JSON.stringify(json)}`);
    await b.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('meta-table').getByText('qty cannot be negative', { exact: false }).waitFor();
    await focusReaches('#meta-new', 'after saving, back to the New button');
  });

  await run('state-machine-built', async () => {
    await page.goto(url(`/apps/${APP}/meta/state-machines`));
    await page.getByRole('button', { name: 'New state machine' }).click();
    await page.getByTestId('sm-builder').waitFor();
    await page.locator('#sm-entity').selectOption('order');
    await page.locator('#sm-field').selectOption('state');
    for (const s of ['review', 'approved', 'void']) {
      await page.locator('#sm-new-state').fill(s);
      await page.locator('#sm-new-state').press('Enter');
    }
    await page.getByRole('button', { name: 'Remove state void' }).click();
    await page.locator('#sm-initial').selectOption('open');
    // open → review, setting qty to 7
    await page.getByRole('button', { name: 'Add transition' }).click();
    await page.locator('#sm-t0-to').selectOption('review');
    await page.getByTestId('transition').nth(0).getByRole('button', { name: 'Add action' }).click();
    await page.locator('#sm-t0-a-0-field').selectOption('qty');
    await page.locator('#sm-t0-a-0-value-kind').selectOption('number');
    await page.locator('#sm-t0-a-0-value').fill('7');
    // review → approved for managers
    await page.getByRole('button', { name: 'Add transition' }).click();
    await page.getByLabel('Transition 2 from open').uncheck();
    await page.getByLabel('Transition 2 from review').check();
    await page.locator('#sm-t1-to').selectOption('approved');
    await page.locator('#sm-t1-roles').fill('manager');
    // review → open for managers, with a guard that is first wrong
    await page.getByRole('button', { name: 'Add transition' }).click();
    await page.getByLabel('Transition 3 from open').uncheck();
    await page.getByLabel('Transition 3 from review').check();
    await page.locator('#sm-t2-to').selectOption('open');
    await page.locator('#sm-t2-roles').fill('manager');
    await page.locator('#sm-t2-guard').fill('record.qty >');
    await page.locator('svg[aria-label="States: open, review, approved"]').waitFor();
    expectedHttpErrors = 1;
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#sm-t2-guard-err').filter({ hasText: 'guard is invalid' }).waitFor();
    await page.locator('#sm-t2-guard').fill('record.qty > 0');
    const json = JSON.parse(await page.getByTestId('builder-json').textContent());
    const t = json.definition.transitions;
    if (json.definition.initial !== 'open' || t.length !== 3 || t[0].actions[0].value !== 7 || t[1].roles[0] !== 'manager' || t[2].from[0] !== 'review')
      throw new Error(`unexpected definition ${JSON.stringify(json)}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('meta-table').getByText('order', { exact: true }).waitFor();
    await page.locator('svg[aria-label="States: open, review, approved"]').waitFor();
  });

  await run('workflow-built', async () => {
    await page.goto(url(`/apps/${APP}/meta/workflows`));
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByTestId('wf-builder').waitFor();
    await page.locator('#wf-name').fill('order_review');
    await page.locator('#wf-trigger-entity').selectOption('order');
    await page.locator('#wf-trigger-field').selectOption('state');
    await page.locator('#wf-trigger-to').fill('review');
    // step 1 (approval, there from the start): managers decide
    await page.locator('#wf-s0-assignee').fill('manager');
    await page.locator('#wf-s0-timeout').fill('soon');
    // step 2: the action run on approval
    await page.getByRole('button', { name: 'Add action step' }).click();
    await page.locator('#wf-s1-id').fill('done');
    await page.getByTestId('step').nth(1).getByRole('button', { name: 'Add action' }).click();
    await page.locator('#wf-s1-a-0-entity').selectOption('order');
    await page.locator('#wf-s1-a-0-record_id').fill('context.record_id');
    await page.locator('#wf-s1-a-0-field').selectOption('state');
    await page.locator('#wf-s1-a-0-value').fill('approved');
    await page.locator('#wf-s0-on_approve').selectOption('done');
    // a condition step added, moved to the top, then removed again
    await page.getByRole('button', { name: 'Add condition step' }).click();
    await page.getByRole('button', { name: 'Move step 3 up' }).click();
    await page.getByRole('button', { name: 'Move step 2 up' }).click();
    await page.getByTestId('step').nth(0).locator('legend', { hasText: '(condition)' }).waitFor();
    await page.getByRole('button', { name: 'Remove step 1' }).click();
    await page.getByTestId('step').nth(0).locator('legend', { hasText: 'approve (approval)' }).waitFor();
    expectedHttpErrors = 1;
    await page.getByRole('button', { name: 'Save' }).click();
    // the server names the faulty item's path (steps[0].timeout): its message lands under that input
    await page.locator('#wf-s0-timeout-err').filter({ hasText: 'invalid timeout of step approve' }).waitFor();
    if ((await page.locator('#wf-s0-timeout').getAttribute('aria-invalid')) !== 'true') throw new Error('timeout not marked invalid');
    if (await page.locator('#wf-s0-msgs-err, #wf-steps-err').count()) throw new Error('a step message was left with the step list');
    await page.locator('#wf-s0-timeout').fill('48h');
    const json = JSON.parse(await page.getByTestId('builder-json').textContent());
    const want = {
      name: 'order_review', active: true,
      trigger: { type: 'state_change', entity: 'order', field: 'state', to: 'review' },
      context: { record_id: 'trigger.record_id' },
      steps: [
        { id: 'approve', type: 'approval', assignee: { type: 'role', role: 'manager' }, timeout: '48h', on_approve: { goto: 'done' }, on_reject: 'end' },
        { id: 'done', type: 'action', actions: [{ type: 'set_field', entity: 'order', record_id: 'context.record_id', field: 'state', value: 'approved' }], then: 'end' },
      ],
    };
    if (JSON.stringify(json) !== JSON.stringify(want)) throw new Error(`the builder would send ${JSON.stringify(json)}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('meta-table').getByText('order_review').waitFor();
  });

  await run('webhook-form', async () => {
    await page.goto(url(`/apps/${APP}/meta/webhooks`));
    await page.getByRole('button', { name: 'New webhook' }).click();
    const b = page.getByTestId('webhook-builder');
    await b.waitFor();
    await page.locator('#wh-entity').selectOption('order');
    await page.locator('#wh-hook').selectOption('after_write');
    await page.locator('#wh-url').fill('http://127.0.0.1:9/orders'); // nothing listens: the delivery fails
    await page.locator('#wh-method').selectOption('PUT');
    await b.getByRole('button', { name: 'Add header' }).click();
    await page.locator('#wh-headers-0-key').fill('X-Key');
    await page.locator('#wh-headers-0-value').fill('{{env.ROCKET_HOOK_KEY}}');
    await page.locator('#wh-condition').fill("action == 'update'");
    await page.locator('#wh-max-attempts').fill('0');
    await page.locator('#wh-backoff').selectOption('linear');
    expectedHttpErrors = 1;
    await b.getByRole('button', { name: 'Save' }).click();
    await page.locator('#wh-max-attempts-err').filter({ hasText: 'max_attempts must be an integer' }).waitFor();
    if ((await page.locator('#wh-max-attempts').getAttribute('aria-invalid')) !== 'true') throw new Error('attempts not marked invalid');
    await page.locator('#wh-max-attempts').fill('1');
    const json = JSON.parse(await page.getByTestId('builder-json').textContent());
    const want = { entity: 'order', hook: 'after_write', url: 'http://127.0.0.1:9/orders', method: 'PUT', headers: { 'X-Key': '{{env.ROCKET_HOOK_KEY}}' },
      condition: "action == 'update'", async: true, retry: { max_attempts: 1, backoff: 'linear' }, active: true };
    if (JSON.stringify(json) !== JSON.stringify(want)) throw new Error(`the builder would send ${JSON.stringify(json)}`);
    await b.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('meta-table').getByText('http://127.0.0.1:9/orders').waitFor();
    // edited again in the form: what was stored comes back into the inputs
    await page.getByTestId('meta-table').getByRole('button', { name: 'Edit' }).first().click();
    await page.waitForFunction(() => document.querySelector('#wh-max-attempts')?.value === '1' && document.querySelector('#wh-headers-0-key')?.value === 'X-Key');
    await page.keyboard.press('Escape');
    await b.waitFor({ state: 'detached' });
  });

  await run('state-transition', async () => {
    await page.goto(url(`/apps/${APP}/data/order`));
    await rows().first().getByRole('link', { name: /^Edit record/ }).click();
    await page.getByTestId('transitions').getByRole('button', { name: 'state: open → review' }).click();
    await page.waitForFunction(() => document.querySelector('#in-state')?.value === 'review');
    await page.waitForFunction(() => document.querySelector('#in-qty')?.value === '7'); // the transition's action
    await page.getByTestId('transitions').getByRole('button', { name: 'state: review → approved' }).waitFor();
  });

  await run('workflow-approved', async () => {
    await page.goto(url(`/apps/${APP}/approvals`));
    const item = page.locator('li[data-instance]').filter({ hasText: 'order_review' });
    for (let i = 0; i < 20 && !(await item.count()); i++) {
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    const id = await item.getAttribute('data-instance');
    approvedInstance = id;
    await item.getByLabel(/^Comment/).fill('Looks right to me');
    await item.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'order_review is now completed' }).waitFor();
    await page.locator('#instance-id').fill(id);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByTestId('history-comment').filter({ hasText: 'Looks right to me' }).waitFor();
    await page.goto(url(`/apps/${APP}/data/order?filter[state]=approved`));
    await page.getByTestId('total').filter({ hasText: '1 record' }).waitFor();
  });

  await run('webhook-delivery-retry', async () => {
    // the transition above updated an order: its delivery failed (one attempt) and can be sent again
    await page.goto(url(`/apps/${APP}/meta/webhooks`));
    const logs = page.locator('section[aria-labelledby="logs-h"]');
    const failed = logs.locator('tr').filter({ hasText: 'failed' }).filter({ hasText: 'http://127.0.0.1:9/orders' });
    for (let i = 0; i < 30 && !(await failed.count()); i++) {
      await page.waitForTimeout(500);
      await logs.getByRole('button', { name: 'Refresh' }).click();
    }
    await failed.first().getByRole('button', { name: /Retry/ }).click();
    await logs.locator('tr').filter({ hasText: 'retrying' }).first().waitFor();
  });

  await run('users-keyboard-only', async () => {
    await page.goto(url(`/apps/${APP}/users`));
    await page.locator('tr[data-user="admin@localhost"]').waitFor();
    // from the e-mail input to the submit button with Tab alone, then Enter
    await page.locator('#user-email').focus();
    await page.keyboard.type('clerk@example.com');
    const order = [];
    for (const text of ['secret-123', 'clerk']) {
      await page.keyboard.press('Tab');
      order.push(await focused());
      await page.keyboard.type(text);
    }
    await page.keyboard.press('Tab');
    order.push(await focused());
    if (order.join(',') !== 'user-password,user-roles,Create user') throw new Error(`focus order: ${order.join(' → ')}`);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    if (outline === 'none') throw new Error('the focused button shows no focus outline');
    await page.keyboard.press('Enter');
    const row = page.locator('tr[data-user="clerk@example.com"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Deactivate' }).focus();
    await page.keyboard.press('Enter');
    await row.getByText('deactivated').waitFor();
  });

  await run('dialog-keyboard', async () => {
    await page.goto(url(`/apps/${APP}/meta/rules`));
    const del = page.getByTestId('meta-table').getByRole('button', { name: 'Delete' }).first();
    await del.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    if (!(await page.evaluate(() => !!document.activeElement?.closest('dialog')))) throw new Error('focus is not in the dialog');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      if (!(await page.evaluate(() => !!document.activeElement?.closest('dialog') || document.activeElement === document.body)))
        throw new Error(`Tab left the dialog for ${await focused()}`);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    if (!(await del.evaluate((el) => el === document.activeElement))) throw new Error(`focus did not return to Delete but to ${await focused()}`);
    // Escape also closes an open editor, and focus goes back to its button
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByTestId('rule-builder').waitFor();
    await focusReaches('[data-editor]', 'new rule');
    await page.keyboard.press('Escape');
    await page.getByTestId('rule-builder').waitFor({ state: 'detached' });
    await focusReaches('#meta-new', 'after Escape, back to the New button');
  });

  await run('permission-matrix', async () => {
    await page.goto(url(`/apps/${APP}/permissions`));
    const matrix = page.getByTestId('permission-matrix');
    // roles come from the users (clerk) and from the role added here (manager); entities × actions × roles
    await matrix.locator('tr[data-entity="customer"][data-role="clerk"]').waitFor();
    await page.locator('#perm-new-role').fill('manager');
    await page.getByRole('button', { name: 'Add role' }).click();
    await matrix.locator('tr[data-entity="order"][data-role="manager"]').waitFor();
    await page.getByLabel('clerk may read customer').check();
    await page.getByLabel('manager may update order').check();
    const cond = page.getByRole('button', { name: 'Row conditions for clerk read customer' });
    await cond.filter({ hasText: 'all rows' }).waitFor();
    await cond.click();
    const editor = page.getByTestId('condition-editor');
    await editor.waitFor();
    await editor.getByRole('button', { name: 'Add condition' }).click();
    // the operators are the server's list (its OpenAPI document), not the UI's own
    const ops = await page.locator('#cond-0-operator option').evaluateAll((os) => os.map((o) => o.value));
    if (ops.join(',') !== 'eq,neq,gt,gte,lt,lte,in,not_in,like') throw new Error(`operators offered: ${ops}`);
    // a value that does not fit the field: the server's message lands under the value input
    expectedHttpErrors = 1;
    await page.locator('#cond-0-field').selectOption('credit');
    await page.locator('#cond-0-value-kind').selectOption('text');
    await page.locator('#cond-0-value').fill('lots');
    await editor.getByRole('button', { name: 'Save conditions' }).click();
    await page.locator('#cond-0-value-err').filter({ hasText: 'does not fit' }).waitFor();
    if ((await page.locator('#cond-0-value').getAttribute('aria-invalid')) !== 'true') throw new Error('value not marked invalid');
    await page.locator('#cond-0-field').selectOption('tier');
    await page.locator('#cond-0-operator').selectOption('in');
    await page.locator('#cond-0-value').fill('gold, silver');
    await editor.getByRole('button', { name: 'Save conditions' }).click();
    await editor.waitFor({ state: 'detached' });
    await cond.filter({ hasText: '1 cond.' }).waitFor();
    // what the matrix wrote is what the JSON editor shows: one policy per ticked cell
    const policies = await page.evaluate(async (app) => {
      const s = JSON.parse(localStorage.getItem('rocket.platform') ?? 'null');
      const r = await fetch(`/api/${app}/_admin/permissions`, { headers: { Authorization: `Bearer ${s.access_token}` } });
      return (await r.json()).data.map((p) => `${p.entity}.${p.action}:${p.roles.join('+')}:${p.conditions.map((c) => `${c.field} ${c.operator} ${JSON.stringify(c.value)}`).join(' and ')}`).sort();
    }, APP);
    const want = ['customer.read:clerk:tier in ["gold","silver"]', 'order.update:manager:'];
    if (JSON.stringify(policies) !== JSON.stringify(want)) throw new Error(`policies: ${JSON.stringify(policies)}`);
    if (await page.getByLabel('clerk may delete customer').isChecked()) throw new Error('delete should not be granted');
    // unticking removes the policy again
    await page.getByLabel('manager may update order').uncheck();
    await page.getByRole('button', { name: 'Row conditions for manager update order' }).waitFor({ state: 'detached' });
  });

  await run('app-login', async () => {
    await page.goto(url(`/apps/${APP}/login`));
    await page.locator('#email').fill('admin@localhost');
    await page.locator('#password').fill('changeme');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').filter({ hasText: `admin@localhost (${APP} user)` }).waitFor();
    await page.getByTestId('entities-table').waitFor();
  });

  await run('app-logout', async () => {
    await page.getByRole('button', { name: `Log out of ${APP}` }).click();
    await page.getByTestId('whoami').filter({ hasText: `${EMAIL} (platform)` }).waitFor();
  });

  await run('help', async () => {
    await page.getByRole('link', { name: 'Help' }).click();
    await page.getByRole('heading', { name: 'Nested writes' }).waitFor();
  });

  let exported = '';
  await run('export', async () => {
    await page.goto(url(`/apps/${APP}/transfer`));
    await page.getByRole('button', { name: 'Export' }).click();
    exported = await page.getByTestId('export-json').inputValue();
    if (!exported.includes('"customer"') || !exported.includes('"orders"')) throw new Error('export lacks the entities');
  });

  await run('import-dry-run-preview', async () => {
    await page.goto(url('/'));
    await page.locator('#app-name').fill(APP2);
    await page.getByRole('button', { name: 'Create app' }).click();
    await page.locator(`tr[data-app="${APP2}"]`).waitFor();
    await page.goto(url(`/apps/${APP2}/transfer`));
    // the export plus one sample record, and a rule of an entity that does not exist, which the server rejects
    const doc = JSON.parse(exported);
    const body = doc.data && !doc.version ? doc.data : doc;
    body.sample_data = { customer: [{ name: 'Imported Ida', email: 'ida@example.com', tier: 'gold' }] };
    await page.locator('#imp-json').fill(JSON.stringify({ ...body, rules: [...body.rules, { entity: 'nowhere', hook: 'before_write', type: 'expression', definition: { expression: 'true' } }] }));
    expectedHttpErrors = 0;
    await page.getByRole('button', { name: 'Preview import' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('The import would be refused').waitFor();
    await preview.locator('li[data-section="rules"]').getByText(/✗ rule nowhere.*entity not found/).waitFor();
    if (await preview.getByRole('button', { name: 'Import', exact: true }).isEnabled()) throw new Error('Import enabled despite rejected items');
    await page.locator('#imp-json').fill(JSON.stringify(body));
    await page.getByRole('button', { name: 'Preview import' }).click();
    await preview.getByText('Dry run: the import would succeed').waitFor();
    await preview.getByText('+ entity customer').waitFor();
    await preview.getByText('+ relation orders').waitFor();
    await preview.getByText('+ workflow order_review').waitFor();
    await preview.locator('li[data-section="records"]').filter({ hasText: 'create 1 row' }).waitFor();
    // the dry run wrote nothing
    const listed = await page.evaluate(async (app) => {
      const s = JSON.parse(localStorage.getItem('rocket.platform') ?? 'null');
      const r = await fetch(`/api/${app}/_admin/entities`, { headers: s ? { Authorization: `Bearer ${s.access_token}` } : {} });
      return r.ok ? (await r.json()).data.length : `HTTP ${r.status}`;
    }, APP2);
    if (listed !== 0) throw new Error(`after the dry run ${APP2} has entities: ${listed}`);
  });

  await run('imported', async () => {
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-summary').filter({ hasText: 'entities 3' }).filter({ hasText: 'records 1' }).waitFor();
    await page.goto(url(`/apps/${APP2}/entities`));
    await page.locator('tr[data-entity="order"]').waitFor();
    await page.locator('tr[data-relation="orders"]').waitFor();
  });

  await run('imported-record-edited', async () => {
    await page.goto(url(`/apps/${APP2}/data/customer`));
    await page.getByTestId('total').filter({ hasText: '1 record' }).waitFor();
    await rows().first().getByRole('link', { name: /^Edit record/ }).click();
    await page.waitForFunction(() => document.querySelector('#in-name')?.value === 'Imported Ida'); // loaded
    await page.locator('#in-credit').fill('5.25');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(url(`/apps/${APP2}/data/customer`));
    await rows().first().filter({ hasText: '5.25' }).waitFor();
  });

  await run('audit-log', async () => {
    // the source app: its record history
    await page.goto(url(`/apps/${APP}/audit?entity=customer`));
    await page.getByTestId('audit-total').filter({ hasText: /^[1-9]\d* entries/ }).waitFor();
    await page.getByTestId('audit-table').getByText('tier').first().waitFor();
    await page.getByTestId('audit-table').locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL(/record_id=/);
    await page.getByTestId('audit-total').filter({ hasText: /^[1-9]\d* entries/ }).waitFor();
    // the imported app: the import itself wrote the record (action create, by the importing admin) ...
    await page.goto(url(`/apps/${APP2}/audit?entity=customer&action=create`));
    await page.getByTestId('audit-total').filter({ hasText: /^1 entries/ }).waitFor();
    const created = page.getByTestId('audit-table').locator('tbody tr').first();
    await created.filter({ hasText: 'Imported Ida' }).filter({ hasText: 'ida@example.com' }).waitFor();
    const who = await created.locator('td.font-mono').last().innerText();
    if (!/^[0-9a-f-]{36}$/.test(who.trim())) throw new Error(`the import's audit row names no user: "${who}"`);
    // ... and its history holds the import, then the edit made after it
    await created.getByRole('link').first().click();
    await page.waitForURL(/record_id=/);
    await page.getByTestId('audit-total').filter({ hasText: /^2 entries/ }).waitFor();
    await page.getByTestId('audit-table').getByText('5.25').first().waitFor();
  });

  await run('keyboard-every-page', async () => {
    const enter = () => page.keyboard.press('Enter');
    // apps: the skip link first, then the app's Open button
    await fresh('/', () => page.locator(`tr[data-app="${APP}"]`).waitFor());
    await tabTo(/^Skip to content$/);
    await enter();
    await tabTo((f) => f.name === 'Open' && f.app === APP);
    await enter();
    await page.getByRole('heading', { name: `Entities of ${APP}` }).waitFor();
    // entities → entity editor: add a field, review the table change, go back (nothing applied)
    await tabTo(/^Edit entity customer$/);
    await enter();
    await page.getByRole('heading', { name: 'Entity customer' }).waitFor();
    await tabTo(/^Add field$/);
    await enter();
    const n = (await page.locator('li[data-field-index]').count()) - 1;
    if ((await focusInfo()).id !== `f${n}-name`) await tabTo(`#f${n}-name`, { back: true });
    await page.keyboard.type('kbd_note');
    await tabTo(/^Review changes$/);
    await enter();
    await page.getByTestId('ddl').filter({ hasText: 'ADD COLUMN "kbd_note"' }).waitFor();
    await tabTo(/^Back to editing$/, { back: true });
    await enter();
    await page.getByTestId('ddl').waitFor({ state: 'detached' });
    // relations: the editor's save
    await fresh(`/apps/${APP}/relations/orders`, () => page.locator('#rel-name').waitFor());
    await tabTo(/^Save relation$/);
    await enter();
    await page.waitForURL(url(`/apps/${APP}/entities`));
    // rules, state machines, workflows, webhooks: open an editor with Enter, Escape closes it and the focus returns
    for (const [kind, testid, open] of [['rules', 'rule-builder', /^New rule$/], ['state-machines', 'sm-builder', /^Edit$/], ['workflows', 'wf-builder', /^Edit$/], ['webhooks', 'webhook-builder', /^Edit$/]]) {
      await fresh(`/apps/${APP}/meta/${kind}`, () => page.getByTestId('meta-table').waitFor());
      const opener = await tabTo(open);
      await enter();
      await page.getByTestId(testid).waitFor();
      await focusReaches('[data-editor]', kind);
      if (kind === 'workflows') {
        await tabTo(/^Add condition step$/);
        await enter();
        await page.getByTestId('step').filter({ hasText: '(condition)' }).waitFor();
      }
      await page.keyboard.press('Escape');
      await page.getByTestId(testid).waitFor({ state: 'detached' });
      const back = await focusInfo();
      if (back.name !== opener.name) throw new Error(`${kind}: after Escape the focus is on ${back.id || back.name}`);
    }
    // approvals: an instance's history by its id
    await fresh(`/apps/${APP}/approvals`, () => page.getByRole('button', { name: 'Refresh' }).waitFor());
    await tabTo(/^Refresh$/);
    await enter();
    await tabTo('#instance-id');
    await page.keyboard.type(approvedInstance);
    await enter();
    await page.getByTestId('history-comment').filter({ hasText: 'Looks right to me' }).waitFor();
    // data browser: sort, then a record's form; a value changed and saved with Enter
    await fresh(`/apps/${APP}/data/customer`, () => page.getByTestId('total').filter({ hasText: '3 records' }).waitFor());
    await tabTo(/^Sort by name/);
    await enter();
    await page.waitForURL(/sort=name/);
    await rows().first().filter({ hasText: 'Ada' }).waitFor(); // the sorted page drawn, not just its address
    await tabTo(/^Edit record/);
    await enter();
    await page.waitForFunction(() => document.querySelector('#in-name')?.value === 'Ada');
    await tabTo('#in-credit');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('13.75');
    await tabTo(/^Save$/);
    await enter();
    await page.waitForURL(url(`/apps/${APP}/data/customer`));
    await rows().filter({ hasText: '13.75' }).first().waitFor();
    // users: edit a user's roles
    await fresh(`/apps/${APP}/users`, () => page.locator('tr[data-user="clerk@example.com"]').waitFor());
    await tabTo((f) => f.name === 'Edit' && f.tag === 'BUTTON' && f.user === 'clerk@example.com');
    await enter();
    await tabTo((f) => f.id.startsWith('roles-'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('clerk, auditor');
    await tabTo(/^Save$/);
    await enter();
    await page.locator('tr[data-user]').filter({ hasText: 'auditor' }).waitFor();
    // permissions: tick with Space, conditions with Enter, Escape closes the editor
    await fresh(`/apps/${APP}/permissions`, () => page.getByTestId('permission-matrix').waitFor());
    await tabTo(/^auditor may read order$/);
    await page.keyboard.press('Space');
    const condButton = /row conditions for auditor read order$/i;
    await page.getByRole('button', { name: condButton }).waitFor();
    await tabTo(condButton);
    await enter();
    await page.getByTestId('condition-editor').waitFor();
    await focusReaches('#cond-editor', 'conditions editor');
    await tabTo(/^Add condition$/);
    await enter();
    await focusReaches('#cond-0-field', "the new condition's first input");
    await page.keyboard.type('ref'); // a closed select picks by typing
    await page.waitForFunction(() => document.querySelector('#cond-0-field')?.value === 'ref');
    await tabTo('#cond-0-value');
    await page.keyboard.type('A-1');
    await tabTo(/^Save conditions$/);
    await enter();
    await page.getByRole('button', { name: condButton }).filter({ hasText: '1 cond.' }).waitFor();
    if (!condButton.test((await focusInfo()).name)) throw new Error(`after saving, the focus is on ${(await focusInfo()).id || (await focusInfo()).name}`);
    await enter();
    await page.getByTestId('condition-editor').waitFor();
    await focusReaches('#cond-editor', 'conditions editor');
    await page.keyboard.press('Escape');
    await page.getByTestId('condition-editor').waitFor({ state: 'detached' });
    if (!condButton.test((await focusInfo()).name)) throw new Error('the focus did not return to the conditions button');
    // audit: a record's history from the table
    await fresh(`/apps/${APP}/audit?entity=customer`, () => page.getByTestId('audit-total').filter({ hasText: /^[1-9]/ }).waitFor());
    await tabTo((f) => f.tag === 'A' && f.testid === 'audit-table');
    await enter();
    await page.waitForURL(/record_id=/);
    // export and import
    await fresh(`/apps/${APP}/transfer`, () => page.locator('#imp-json').waitFor());
    await tabTo(/^Export$/);
    await enter();
    await page.waitForFunction(() => (document.querySelector('[data-testid="export-json"]')?.value ?? '').includes('"customer"'));
    await tabTo('#imp-json');
    await page.keyboard.type('{"entities": []}');
    await tabTo(/^Preview import$/);
    await enter();
    await page.getByTestId('import-preview').waitFor();
    // help: a topic from the list
    await fresh('/help', () => page.getByRole('heading', { name: 'Nested writes' }).waitFor());
    await tabTo(/^Nested writes$/);
    await enter();
    await page.waitForURL(/#/);
  });

  await run('axe-main-pages', async () => {
    const pages = [
      ['apps', '/', () => page.locator(`tr[data-app="${APP2}"]`).waitFor()],
      ['entities', `/apps/${APP2}/entities`, () => page.getByTestId('entities-table').waitFor()],
      ['entity editor', `/apps/${APP2}/entities/customer`, () => page.getByRole('heading', { name: 'Entity customer' }).waitFor()],
      ['data browser', `/apps/${APP2}/data/customer`, () => page.getByTestId('total').waitFor()],
      ['record form', `/apps/${APP2}/data/customer/new`, () => page.locator('#in-name').waitFor()],
      ['users', `/apps/${APP2}/users`, () => page.locator('tr[data-user]').first().waitFor()],
      ['permissions', `/apps/${APP2}/permissions`, () => page.getByTestId('permission-matrix').waitFor()],
      ['audit', `/apps/${APP2}/audit`, () => page.getByTestId('audit-total').waitFor()],
      ['approvals', `/apps/${APP2}/approvals`, () => page.getByRole('button', { name: 'Refresh' }).waitFor()],
      ['transfer', `/apps/${APP2}/transfer`, () => page.locator('#imp-json').waitFor()],
      ['help', '/help', () => page.getByRole('heading', { name: 'Nested writes' }).waitFor()],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(url(path));
      await ready();
      await axe(name);
    }
    for (const [kind, testid] of [['rules', 'rule-builder'], ['state-machines', 'sm-builder'], ['workflows', 'wf-builder'], ['webhooks', 'webhook-builder']]) {
      await page.goto(url(`/apps/${APP2}/meta/${kind}`));
      await page.getByTestId('meta-table').getByRole('button', { name: 'Edit' }).first().click();
      await page.getByTestId(testid).waitFor();
      await axe(`${kind} editor`);
    }
    await page.goto(url(`/apps/${APP2}/permissions`));
    await page.getByRole('button', { name: 'Row conditions for clerk read customer' }).click();
    await page.getByTestId('condition-editor').waitFor();
    await axe('permission conditions');
  });

  await run('builders-at-390', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [kind, testid] of [['rules', 'rule-builder'], ['state-machines', 'sm-builder'], ['workflows', 'wf-builder'], ['webhooks', 'webhook-builder']]) {
      await page.goto(url(`/apps/${APP2}/meta/${kind}`));
      await page.getByTestId('meta-table').getByRole('button', { name: 'Edit' }).first().click();
      await page.getByTestId(testid).waitFor();
      await noOverflow();
      await page.screenshot({ path: join(SHOTS, `390-${kind}.png`), fullPage: true });
    }
    await page.goto(url(`/apps/${APP2}/transfer`));
    await page.locator('#imp-json').waitFor();
    await noOverflow();
    await page.screenshot({ path: join(SHOTS, '390-transfer.png'), fullPage: true });
    await page.goto(url(`/apps/${APP2}/permissions`));
    await page.getByTestId('permission-matrix').waitFor();
    await noOverflow();
    await page.screenshot({ path: join(SHOTS, '390-permissions.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await run('delete-app-confirmation', async () => {
    await page.goto(url('/'));
    await page.locator(`tr[data-app="${APP}"]`).getByRole('button', { name: `Delete app ${APP}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    if (await dialog.getByRole('button', { name: 'Delete app' }).isEnabled()) throw new Error('delete enabled before typing the name');
    await dialog.locator('#confirm-name').fill(APP);
  });

  await run('app-deleted', async () => {
    await page.getByRole('dialog').getByRole('button', { name: 'Delete app' }).click();
    await page.locator(`tr[data-app="${APP}"]`).waitFor({ state: 'detached' });
  });

  await run('second-app-deleted', async () => {
    await page.locator(`tr[data-app="${APP2}"]`).getByRole('button', { name: `Delete app ${APP2}` }).click();
    await page.getByRole('dialog').locator('#confirm-name').fill(APP2);
    await page.getByRole('dialog').getByRole('button', { name: 'Delete app' }).click();
    await page.locator(`tr[data-app="${APP2}"]`).waitFor({ state: 'detached' });
  });

  await run('logout', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/admin\/login/);
  });
} catch {
  failed = true;
} finally {
  await context.close();
  await cleanUp();
  rmSync(profile, { recursive: true, force: true });
}

for (const p of problems) console.log(`problem: ${p}`);
if (axeChecked.length) console.log(`axe (no serious or critical violations): ${axeChecked.join('; ')}`);
const secs = ((Date.now() - started) / 1000).toFixed(1);
const ok = !failed && problems.length === 0;
console.log(`${ok ? 'PASSED' : 'FAILED'}: ${step} steps in ${secs}s against ${BASE} (screenshots: ${SHOTS})`);
process.exit(ok ? 0 : 1);
