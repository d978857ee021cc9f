// Base of the result panels: holds the result the controller sets and re-renders on every change.
// Panels that draw to their own width opt in to re-rendering when it changes (static observesWidth).
export class ResultPanel extends HTMLElement {
  #result = null;
  #observer = null;
  #width = 0;

  set result(r) {
    this.#result = r;
    this.render();
  }

  get result() {
    return this.#result;
  }

  connectedCallback() {
    if (this.constructor.observesWidth) {
      this.#observer = new ResizeObserver(([entry]) => {
        const w = Math.round(entry.contentRect.width);
        if (w && w !== this.#width) {
          this.#width = w;
          this.render();
        }
      });
      this.#observer.observe(this);
    }
    this.render();
  }

  /** The panel's width at the last layout, 0 before the first: render() uses it instead of
   *  clientWidth, which would force a layout in the middle of the controller's writes (24 ms of the
   *  page's first render). Before the first layout a panel draws at a default width; the resize
   *  observer's call, after that layout and before the paint, redraws it at its own. */
  get width() {
    return this.#width;
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
  }

  render() {}
}
