// Tiny DOM helpers. User text only ever goes in through textContent, never innerHTML.

/**
 * Creates an element. attrs: class, text, dataset, on{Event} handlers, and plain attributes
 * (true adds a boolean attribute, false/null/undefined leave it out).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return el;
}

/** An inline SVG icon from the sprite-free set in icons.js. */
export function icon(paths, label) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', label ? 'false' : 'true');
  if (label) svg.setAttribute('aria-label', label);
  for (const d of [].concat(paths)) {
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

/** Initials for an avatar: "alice" → "AL", "bob.smith" → "BS". */
export function initials(name) {
  const parts = name.split(/[._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : name.slice(0, 2);
  return letters.toUpperCase();
}

/** A stable, pleasant colour per user id. */
export function colourOf(id) {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return `hsl(${Math.abs(hash) % 360} 55% 46%)`;
}

export function avatar(user, size = 'md') {
  const element = h('span', { class: `avatar avatar-${size}`, 'aria-hidden': 'true', text: initials(user.username) });
  // Through the CSSOM: the content security policy refuses style attributes.
  element.style.background = colourOf(user.userId);
  return element;
}
