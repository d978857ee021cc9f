// Sections of the page whose code loads on demand (dynamic import()), so the first result needs only
// the engine, the controller and the panels above the fold. app.js declares them in one table:
//   name: { load: () => import('./x.js'),   the section's module
//           init(mod),                      once, when it has loaded
//           show(mod, view),                after it has loaded and after every solve from then on
//           offscreen: true }               below the fold: shown at once only when on or near the
//                                           screen, else when the page is idle or it scrolls near
// and asks for them with want(name) when the page needs them (a mode, an opened <details>, right
// after the first paint). The page's element of a section is [data-lazy~="name"]. While a wanted
// section is not shown yet, or an off-screen one waits to be redrawn, <body data-pending="…"> names
// it (with any other work in flight, see busy()), which tests wait on; while its code loads, its
// element carries aria-busy so the placeholder style keeps the space it will take.
export function createSections(table) {
  const loaded = new Map(); // name → module
  const loading = new Map(); // name → promise of the module
  const pending = new Set();
  const near = new Set(); // off-screen sections that are on or near the screen now
  const stale = new Set(); // off-screen sections waiting for the latest view
  let view = null; // the latest state handed to show()
  let idle = 0;
  let quiet = 0; // timer: off-screen redraws wait for a pause in the input

  // "Near": within half a screen of the viewport, so a scroll finds them drawn.
  const observer = typeof IntersectionObserver === 'function' ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      const name = e.target.dataset.lazy;
      if (e.isIntersecting) near.add(name);
      else near.delete(name);
      if (e.isIntersecting && stale.has(name)) showOne(name);
    }
  }, { rootMargin: '50% 0px' }) : null;
  if (observer) {
    for (const [name, spec] of Object.entries(table)) {
      if (!spec.offscreen) continue;
      for (const el of document.querySelectorAll(`[data-lazy="${name}"]`)) observer.observe(el);
    }
  } else {
    for (const [name, spec] of Object.entries(table)) if (spec.offscreen) near.add(name);
  }

  function showOne(name) {
    stale.delete(name);
    table[name].show?.(loaded.get(name), view);
    if (!stale.size) busy('render', false);
  }

  // Off-screen sections are redrawn one per idle period, once the input has paused for QUIET_MS:
  // while the reader types, an idle period between two keystrokes is too short for a section (the
  // operations panels take 10–40 ms) and the redraw would delay the next keystroke's repaint.
  function scheduleQuiet() {
    clearTimeout(quiet);
    quiet = setTimeout(() => { quiet = 0; scheduleIdle(); }, QUIET_MS);
  }

  function scheduleIdle() {
    if (idle) return;
    const run = () => {
      idle = 0;
      const [name] = stale;
      if (name) showOne(name);
      if (stale.size) scheduleIdle();
    };
    idle = self.requestIdleCallback ? requestIdleCallback(run, { timeout: 1000 }) : setTimeout(run, 50);
  }

  function flag() {
    if (pending.size) document.body.dataset.pending = [...pending].sort().join(' ');
    else delete document.body.dataset.pending;
  }

  function busy(name, on) {
    if (on) pending.add(name);
    else pending.delete(name);
    flag();
  }

  function placeholders(name, on) {
    for (const el of document.querySelectorAll(`[data-lazy~="${name}"]`)) {
      if (on) el.setAttribute('aria-busy', 'true');
      else el.removeAttribute('aria-busy');
    }
  }

  /** Loads a section (once) and shows it; `delay` (a promise) holds the request back, e.g. until a paint. */
  function want(name, delay = null) {
    if (loaded.has(name)) return Promise.resolve(loaded.get(name));
    if (loading.has(name)) return loading.get(name);
    const spec = table[name];
    busy(name, true);
    placeholders(name, true);
    const p = Promise.resolve(delay).then(spec.load).then((mod) => {
      loaded.set(name, mod);
      spec.init?.(mod);
      if (view) spec.show?.(mod, view);
      placeholders(name, false);
      busy(name, false);
      return mod;
    }, (e) => {
      loading.delete(name);
      placeholders(name, false);
      busy(name, false);
      for (const el of document.querySelectorAll(`[data-lazy~="${name}"]`)) el.dataset.lazyError = `This part of the page could not be loaded: ${e?.message ?? e}`;
      throw e;
    });
    loading.set(name, p);
    p.catch(() => {}); // reported in the placeholder; callers that await it see the error too
    return p;
  }

  return {
    want,
    busy,
    /** The module of a loaded section, or null. */
    get: (name) => loaded.get(name) ?? null,
    /** Hands the latest state to every loaded section (off-screen ones: soon after, see above). */
    show(next) {
      view = next;
      for (const [name, mod] of loaded) {
        if (table[name].offscreen && !near.has(name)) {
          stale.add(name);
          continue;
        }
        stale.delete(name);
        table[name].show?.(mod, view);
      }
      busy('render', stale.size > 0);
      if (stale.size) scheduleQuiet();
    },
  };
}

/** How long input must pause before deferred work (off-screen redraws, the URL) runs, in ms. */
export const QUIET_MS = 250;

/** A promise that settles after the next frame has been painted (a task queued from rAF). */
export const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
