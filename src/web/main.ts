// The page's shell: the navigation between views and the hash route (#run, #experiments).
// Each view is mounted once into its own section and then only hidden and shown, so a running
// simulation keeps its state while another view is looked at.

import { VIEWS } from './views/registry.js';
import type { ViewEntry, ViewModule } from './views/types.js';

const nav = document.getElementById('nav')!;
const host = document.getElementById('views')!;
const mounted = new Map<string, { section: HTMLElement; module: ViewModule | null }>();
let current: string | null = null;

function entryFor(hash: string): ViewEntry {
  const id = hash.replace(/^#/, '');
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0]!;
}

async function show(entry: ViewEntry): Promise<void> {
  if (current === entry.id) return;
  const previous = current === null ? undefined : mounted.get(current);
  if (previous !== undefined) {
    previous.section.hidden = true;
    previous.module?.hide?.();
  }
  current = entry.id;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset['view'] === entry.id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const known = mounted.get(entry.id);
  if (known !== undefined) {
    known.section.hidden = false;
    known.module?.show?.();
    return;
  }
  const section = document.createElement('section');
  section.className = 'view';
  section.id = `view-${entry.id}`;
  section.dataset['view'] = entry.id;
  host.append(section);
  const slot: { section: HTMLElement; module: ViewModule | null } = { section, module: null };
  mounted.set(entry.id, slot);
  const { view } = await entry.load();
  slot.module = view;
  await view.mount(section, { navigate: (id) => (location.hash = `#${id}`) });
  section.dataset['mounted'] = 'true';
}

for (const entry of VIEWS) {
  const a = document.createElement('a');
  a.href = `#${entry.id}`;
  a.textContent = entry.title;
  a.dataset['view'] = entry.id;
  nav.append(a);
}
window.addEventListener('hashchange', () => void show(entryFor(location.hash)));
void show(entryFor(location.hash));
