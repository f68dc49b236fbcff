// What the gate measures inside a loaded page, each a function run with page.evaluate (so
// each must stand alone: no closures over this module). They return plain data; browser.mjs
// turns it into findings.

/** Horizontal scrolling (WCAG 1.4.10 reflow): the widest elements when the page is too wide. */
export function reflow() {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0 && !el.closest('.table-scroll, [tabindex="0"]')) {
      let sel = el.tagName.toLowerCase();
      if (el.id) sel += `#${el.id}`;
      else if (el.classList.length) sel += `.${[...el.classList].join('.')}`;
      wide.push(`${sel} reaches ${Math.round(r.right)} px`);
    }
  }
  return [`the page is ${document.documentElement.scrollWidth} px wide at ${w} px: ${wide.slice(0, 4).join('; ')}`];
}

/** Every element a keyboard user should reach, numbered, with its style when not focused. */
export function focusables() {
  const STYLE = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow', 'backgroundColor',
    'borderTopColor', 'borderBottomColor', 'borderTopWidth', 'borderBottomWidth'];
  const sel = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable="true"], audio[controls], video[controls]';
  const out = [];
  let i = 0;
  for (const el of document.querySelectorAll(sel)) {
    if (el.disabled || el.tabIndex < 0 || el.closest('[inert]')) continue;
    if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    el.setAttribute('data-gate-focus', String(i));
    const cs = getComputedStyle(el);
    const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} “${(el.textContent || el.getAttribute('aria-label') || el.getAttribute('href') || '').trim().replace(/\s+/g, ' ').slice(0, 40)}”`;
    out.push({ i, name, radio: el.type === 'radio' ? el.name : null, style: Object.fromEntries(STYLE.map((k) => [k, cs[k]])) });
    i += 1;
  }
  window.__gateFocusables = out;
  return out;
}

/** The focused element's number (from focusables) and how its style differs from before. */
export function focusedDiff() {
  const before = window.__gateFocusables;
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { i: null };
  const n = el.getAttribute('data-gate-focus');
  if (n === null) return { i: -1, name: el.tagName.toLowerCase() };
  const cs = getComputedStyle(el);
  const b = before[Number(n)].style;
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && cs.outlineColor !== 'rgba(0, 0, 0, 0)'
    && (cs.outlineStyle !== b.outlineStyle || cs.outlineWidth !== b.outlineWidth || cs.outlineColor !== b.outlineColor || cs.outlineOffset !== b.outlineOffset);
  const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== b.boxShadow;
  const background = cs.backgroundColor !== b.backgroundColor;
  const border = cs.borderTopColor !== b.borderTopColor || cs.borderBottomColor !== b.borderBottomColor
    || cs.borderTopWidth !== b.borderTopWidth || cs.borderBottomWidth !== b.borderBottomWidth;
  return { i: Number(n), visible: outline || shadow || background || border };
}

/** Where focus is after following the skip link: true when it is <main> or inside it. */
export function focusInMain() {
  const main = document.querySelector('main');
  const el = document.activeElement;
  return { ok: !!main && !!el && (el === main || main.contains(el)), at: el ? el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') : 'nothing' };
}

/** Rendered size of every visible chart text, in CSS px; the small ones. */
export function chartText(min) {
  const small = [];
  let count = 0;
  for (const t of document.querySelectorAll('main svg text')) {
    const svg = t.ownerSVGElement;
    if (!svg || !svg.checkVisibility({ visibilityProperty: true }) || !t.getScreenCTM()) continue;
    const r = t.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    count += 1;
    const m = t.getScreenCTM();
    const scale = Math.sqrt(m.a * m.a + m.b * m.b);
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < min - 0.01) small.push(`“${t.textContent.trim().slice(0, 30)}” ${px.toFixed(1)} px`);
  }
  return { count, small };
}

/** Chart marks and text in forced colours: their colour against the chart's background. */
export function forcedColours() {
  const rgb = (s) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(s || '');
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const bgOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const bad = [];
  let marks = 0;
  for (const svg of document.querySelectorAll('main svg')) {
    if (!svg.checkVisibility({ visibilityProperty: true })) continue;
    const bg = bgOf(svg.parentElement);
    for (const el of svg.querySelectorAll('path, polyline, line, circle, rect, text')) {
      const cs = getComputedStyle(el);
      const isText = el.tagName === 'text';
      const paints = isText ? [['fill', cs.fill]] : [['stroke', cs.stroke], ['fill', cs.fill]].filter(([, v]) => v && v !== 'none');
      const drawn = paints.map(([k, v]) => [k, rgb(v)]).filter(([, c]) => c);
      if (!drawn.length) continue; // a mark that paints nothing (e.g. a background rect with fill none)
      marks += 1;
      // The mark is readable when one of its paints stands out from the background.
      const best = Math.max(...drawn.map(([, c]) => (c.a < 0.5 ? 1 : ratio(c, bg))));
      const need = isText ? 4.5 : 3;
      if (best < need && !(el.tagName === 'rect' && !isText && best === 1)) {
        bad.push(`${el.tagName}${el.getAttribute('class') ? `.${el.getAttribute('class')}` : ''} ${drawn.map(([k, c]) => `${k} rgb(${c.r},${c.g},${c.b})`).join(' ')} on rgb(${bg.r},${bg.g},${bg.b}): contrast ${best.toFixed(2)} < ${need}`);
      }
    }
  }
  return { marks, bad };
}

/** In print: links to other pages in the main content show their address after them, and
 *  tables inside <details> (the charts' data) are printed. */
export function printLinks() {
  const missing = [];
  let count = 0;
  for (const a of document.querySelectorAll('main a[href^="http"], main .prose a[href^="/"]')) {
    const href = a.getAttribute('href');
    if (!a.checkVisibility() || a.textContent.trim() === href) continue;
    count += 1;
    const after = getComputedStyle(a, '::after').content;
    if (!after || after === 'none' || after === 'normal' || !/attr\(href\)|https?:|\//.test(after)) missing.push(`a “${a.textContent.trim().slice(0, 30)}” (${href})`);
  }
  // Every chart's data table prints, even when its <details> is closed on screen.
  const hiddenTables = [];
  for (const t of document.querySelectorAll('main details table')) {
    const r = t.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) hiddenTables.push(`table “${(t.caption ? t.caption.textContent : '').trim().slice(0, 40)}”`);
  }
  return { count, missing, hiddenTables };
}
