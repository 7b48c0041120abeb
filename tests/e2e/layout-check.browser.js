// Evaluated inside the dashboard page by layoutProblems() (dashboard-browser.ts): plain JavaScript, because the
// tests are type-checked without the DOM library. The whole file is one expression that returns the problems.
(() => {
  const problems = [];
  const width = window.innerWidth;
  const name = (element) => {
    const id = element.getAttribute('data-testid');
    const classes = typeof element.className === 'string' ? element.className.split(' ')[0] : '';
    const text = (element.textContent ?? '').trim().slice(0, 30);
    return `<${element.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}${classes ? ` .${classes}` : ''}> "${text}"`;
  };
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
    if (element.tagName === 'BUTTON' && element.scrollWidth > element.clientWidth + 1)
      problems.push(`${name(element)} cuts its label (${element.scrollWidth} > ${element.clientWidth})`);
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
