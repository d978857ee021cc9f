// Updates a panel in place: the panel builds its new content off-document (cheap), then only the
// text and attributes that differ are written into the live nodes. Replacing every node on each
// keystroke made the browser restyle and re-lay out the whole panel (~230 elements, several ms per
// input); an unchanged label or heading now costs nothing.
//
// Nodes are matched by position and tag. A node whose content its own code manages (listeners,
// lazily built content) sets `morphReplace = true` and is always swapped for the new one; a kept
// node receives the new one's `morphData` (explain.js: the entries its listener builds from).

/** Rebuild `target`'s content with `build(fragment)`, then morph it in: a panel's render(). */
export function rebuild(target, build) {
  const fresh = document.createDocumentFragment();
  build(fresh);
  morphChildren(target, fresh);
}

/** Make `target`'s children equal to `fresh`'s (a fragment or element, consumed). */
export function morphChildren(target, fresh) {
  let cur = target.firstChild;
  for (let next = fresh.firstChild; next; ) {
    const following = next.nextSibling;
    if (!cur) {
      target.appendChild(next);
    } else if (sameKind(cur, next)) {
      morphNode(cur, next);
      cur = cur.nextSibling;
    } else {
      const after = cur.nextSibling;
      target.replaceChild(next, cur);
      cur = after;
    }
    next = following;
  }
  while (cur) {
    const after = cur.nextSibling;
    cur.remove();
    cur = after;
  }
}

function sameKind(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName && !a.morphReplace && !b.morphReplace;
}

function morphNode(live, fresh) {
  if (live.nodeType !== Node.ELEMENT_NODE) {
    if (live.nodeValue !== fresh.nodeValue) live.nodeValue = fresh.nodeValue;
    return;
  }
  if (fresh.hasAttributes() || live.hasAttributes()) syncAttributes(live, fresh);
  if (fresh.morphData !== undefined) live.morphData = fresh.morphData;
  morphChildren(live, fresh);
}

/** Writes text only when it differs: an equal write still re-lays out the element's line. */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

// By name, not through .attributes (each Attr it hands out is a new object: slow per keystroke).
function syncAttributes(live, fresh) {
  const names = fresh.getAttributeNames();
  for (const name of names) {
    const value = fresh.getAttribute(name);
    if (live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
  // live now holds every name of fresh: equal counts mean no others.
  if (live.attributes.length === names.length) return;
  for (const name of live.getAttributeNames()) if (!fresh.hasAttribute(name)) live.removeAttribute(name);
}
