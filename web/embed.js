// <mlsysim-embed scenario="s=1&model=Llama3_70B&hw=H100&bs=32" panel="roofline"></mlsysim-embed>
// One script tag on any page (a textbook, a blog) — <script type="module" src="…/embed.js"></script>
// — and the element shows one panel (roofline | serving | memory) for a fixed scenario, computed in
// the reader's browser. Its markup and styles live in a shadow root, so the host page's CSS cannot
// reach in (and its own never leaks out). The scenario string is the full simulator's URL hash.
import { renderEmbed } from './src/embed-core.js';

const STYLES = [new URL('./style.css', import.meta.url).href];

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
      const loads = STYLES.map((href) => new Promise((resolve) => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = href;
        link.addEventListener('load', resolve);
        link.addEventListener('error', resolve);
        shadow.append(link);
      }));
      this.#root = document.createElement('div');
      this.#root.className = 'embed-root is-element';
      shadow.append(this.#root);
      this.#ready = Promise.all(loads);
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
    this.dataset.state = r.ok ? 'ok' : 'error';
    this.dispatchEvent(new CustomEvent('mlsysim-result', { detail: r }));
  }
}

if (!customElements.get('mlsysim-embed')) customElements.define('mlsysim-embed', MlsysimEmbed);
