// Chart and map tooltips: the figures are in the page already (SVG <title> and a data table);
// this only shows them next to the pointer or the focused mark.
(() => {
  const tip = document.createElement('div');
  tip.className = 'tip';
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  document.addEventListener('DOMContentLoaded', () => document.body.appendChild(tip));
  const show = (el, x, y) => {
    tip.textContent = el.getAttribute('data-tip');
    tip.hidden = false;
    tip.style.left = `${Math.min(x + 12, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)}px`;
    tip.style.top = `${y + 12}px`;
  };
  const hide = () => {
    tip.hidden = true;
  };
  document.addEventListener('mouseover', (e) => {
    const el = e.target instanceof Element ? e.target.closest('[data-tip]') : null;
    if (el) show(el, e.pageX, e.pageY);
    else hide();
  });
  document.addEventListener('mousemove', (e) => {
    if (!tip.hidden) {
      tip.style.left = `${e.pageX + 12}px`;
      tip.style.top = `${e.pageY + 12}px`;
    }
  });
  document.addEventListener('focusin', (e) => {
    const el = e.target instanceof Element ? e.target.closest('[data-tip]') : null;
    if (!el) return hide();
    const r = el.getBoundingClientRect();
    show(el, r.left + window.scrollX, r.bottom + window.scrollY);
  });
  document.addEventListener('focusout', hide);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
})();
