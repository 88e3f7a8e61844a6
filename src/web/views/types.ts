// The contract between the page's shell (main.ts) and a view module (docs/viewer.md, "Adding a view").

export interface ViewContext {
  /** Shows another view, as the navigation does (`ctx.navigate('run')`). */
  navigate(id: string): void;
}

export interface ViewModule {
  /** Builds the view inside `root`, once, the first time it is shown. */
  mount(root: HTMLElement, ctx: ViewContext): void | Promise<void>;
  /** Called each time the view is shown again (after the first) or hidden; optional. */
  show?(): void;
  hide?(): void;
}

/** One entry of the navigation: the module is imported the first time the view is shown. */
export interface ViewEntry {
  readonly id: string;
  readonly title: string;
  readonly load: () => Promise<{ readonly view: ViewModule }>;
}
