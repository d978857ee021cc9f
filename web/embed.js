// <mlsysim-embed scenario="s=1&model=Llama3_70B&hw=H100&bs=32" panel="roofline"></mlsysim-embed>
// One script tag on any page (a textbook, a blog) — <script type="module" src="…/embed.js"></script>
// — and the element shows one panel (any of src/embed-panels.js: roofline, serving, memory,
// operators, quantization, training, reliability, collectives, energy, cost, queueing, compare, …) for
// a fixed scenario, computed in the reader's browser. Its markup and styles live in a shadow root, so
// the host page's CSS cannot reach in (and its own never leaks out). The scenario string is the full
// simulator's URL hash.
//
// A shadow root keeps the host's selectors out but not its root font size: `rem` in a shadow tree
// still means the host document's <html> font size (a textbook's 62.5 % or 40 px would shrink or
// blow up every panel). So the element adopts style.css with each `Nrem` rewritten against its own
// 16 px (`--mlsysim-rem`, set inside the shadow root where the host cannot reach). Browsers without
// constructable stylesheets get the file as is.
import { renderEmbed } from './src/embed-core.js';

const STYLES = new URL('./style.css', import.meta.url).href;
const REM_BASE = '.embed-root { --mlsysim-rem: 16px; }';
let sheet = null; // one parsed sheet shared by every element on the page

/** style.css with rem made relative to the embed, as a constructable stylesheet (or null). */
function embedSheet() {
  sheet ??= (async () => {
    if (typeof CSSStyleSheet !== 'function' || !('adoptedStyleSheets' in Document.prototype)) return null;
    const res = await fetch(STYLES);
    if (!res.ok) return null;
    const css = (await res.text()).replace(/(-?(?:\d+\.?\d*|\.\d+))rem\b/g, 'calc($1 * var(--mlsysim-rem))');
    const out = new CSSStyleSheet();
    out.replaceSync(`${css}\n${REM_BASE}`);
    return out;
  })().catch(() => null);
  return sheet;
}

/** The stylesheet into `shadow`: adopted (rem-safe) or, failing that, a <link>. Resolves when applied. */
async function styleInto(shadow) {
  const adopted = await embedSheet();
  if (adopted) {
    shadow.adoptedStyleSheets = [adopted];
    return;
  }
  await new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLES;
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    shadow.prepend(link);
  });
}

class MlsysimEmbed extends HTMLElement {
  static get observedAttributes() {
    return ['scenario', 'panel'];
  }

  #root = null;
  #ready = null;
  #seq = 0;

  connectedCallback() {
    if (!this.#root) {
      const shadow = this.attachShadow({ mode: 'open' });
      this.#root = document.createElement('div');
      this.#root.className = 'embed-root is-element';
      shadow.append(this.#root);
      this.#ready = styleInto(shadow);
    }
    this.#render();
  }

  attributeChangedCallback() {
    if (this.#root) this.#render();
  }

  async #render() {
    const my = ++this.#seq;
    await this.#ready;
    if (my !== this.#seq) return;
    this.setAttribute('aria-busy', 'true');
    const r = await renderEmbed(this.#root, { hash: this.getAttribute('scenario') ?? '', panel: this.getAttribute('panel') ?? 'roofline' });
    if (my !== this.#seq) return;
    this.removeAttribute('aria-busy');
    this.dataset.state = this.#root.querySelector('.embed-box')?.dataset.state ?? (r.ok ? 'ok' : 'error');
    this.dispatchEvent(new CustomEvent('mlsysim-result', { detail: r }));
  }
}

if (!customElements.get('mlsysim-embed')) customElements.define('mlsysim-embed', MlsysimEmbed);
