// Evaluated inside the dashboard page by layoutProblems() (dashboard-browser.ts): plain JavaScript, because the
// tests are type-checked without the DOM library. The whole file is one expression that returns the problems.
(() => {
  const problems = [];
  const width = window.innerWidth;
  const name = (element) => {
    const id = element.getAttribute('data-testid');
    const classes = typeof element.className === 'string' ? element.className.split(' ')[0] : '';
    const label = element.getAttribute('aria-label');
    const text = (label ?? element.textContent ?? '').trim().slice(0, 30);
    return `<${element.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}${classes ? ` .${classes}` : ''}> "${text}"`;
  };
  const px = (value) => Number.parseFloat(value) || 0;
  const canvas = document.createElement('canvas').getContext('2d');
  /** The width `text` takes in the element's font (what the user would need to see all of it). */
  const textWidth = (text, style) => {
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return canvas.measureText(text).width;
  };
  /** The width of the box that shows an input's text: the inner width without padding. */
  const contentWidth = (element, style) =>
    element.clientWidth - px(style.paddingLeft) - px(style.paddingRight);
  /**
   * A select clips its chosen option without overflowing (its scrollWidth says nothing), and the arrow takes part of
   * its box: ask the browser instead. A copy holding only the chosen option, free to take its natural width, is as
   * wide as the select must be to show all of it.
   */
  const selectNeeds = (select) => {
    const chosen = select.options[select.selectedIndex];
    if (!chosen || !select.parentElement) return 0;
    const copy = select.cloneNode(false);
    copy.removeAttribute('id');
    copy.removeAttribute('data-testid');
    copy.append(chosen.cloneNode(true));
    for (const [property, value] of [
      ['position', 'absolute'],
      ['visibility', 'hidden'],
      ['width', 'auto'],
      ['min-width', '0'],
      ['max-width', 'none'],
      ['flex', 'none'],
    ])
      copy.style.setProperty(property, value, 'important');
    select.parentElement.append(copy);
    const needs = copy.getBoundingClientRect().width;
    copy.remove();
    return needs;
  };
  const BUTTON_INPUTS = new Set(['button', 'submit', 'reset']);
  /** Buttons and what is inside them: text there is a control's label, never meant to be cut. */
  const isLabel = (element) =>
    element.closest('button') !== null || (element.tagName === 'INPUT' && BUTTON_INPUTS.has(element.type));

  if (document.documentElement.scrollWidth > width + 1)
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
  for (const element of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    if (rect.left < -1 || rect.right > width + 1)
      problems.push(`${name(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)}px`);
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (scrolls && element.scrollWidth > element.clientWidth + 1)
      problems.push(`${name(element)} scrolls sideways (${element.scrollWidth} > ${element.clientWidth})`);
    if (isLabel(element) && element.scrollWidth > element.clientWidth + 1)
      problems.push(`${name(element)} cuts its label (${element.scrollWidth} > ${element.clientWidth})`);
    if (element.tagName === 'SELECT' && !element.multiple) {
      const needs = selectNeeds(element);
      if (needs > rect.width + 1) {
        const chosen = element.options[element.selectedIndex]?.text ?? '';
        problems.push(
          `${name(element)} clips its choice "${chosen}" (${Math.round(textWidth(chosen, style))}px of text needs a ${Math.round(needs)}px box, it has ${Math.round(rect.width)}px)`,
        );
      }
    }
    if (element.tagName === 'INPUT' && !BUTTON_INPUTS.has(element.type)) {
      // A long value scrolls inside its field by design; a placeholder or a number is never scrolled into view.
      const shown =
        element.value === '' ? element.placeholder : element.type === 'number' ? element.value : '';
      const room = contentWidth(element, style);
      if (shown && textWidth(shown, style) > room + 1)
        problems.push(
          `${name(element)} clips "${shown}" (${Math.round(textWidth(shown, style))}px of text in a ${Math.round(room)}px box)`,
        );
    }
    const ownText = [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent ?? '')
      .join('');
    const cjk = ownText.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    const fontSize = Number.parseFloat(style.fontSize);
    if (cjk >= 3 && rect.width < fontSize * 2.5 && rect.height > fontSize * 3)
      problems.push(`${name(element)} is ${Math.round(rect.width)}px wide: one character per line`);
  }
  return problems;
})();
