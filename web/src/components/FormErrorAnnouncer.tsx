import { useEffect, useRef, useState } from 'react';

/**
 * Reads form errors aloud. antd draws a field's error under it but not in a live region, so a
 * screen reader user who submits an incomplete form hears nothing; this one region, watching
 * the page, says every error that appears ("请检查：请填写经营者名称；联系电话格式不正确").
 * The focus itself moves to the first wrong field (ConfigProvider's scrollToFirstError).
 */
/**
 * A table wider than the screen (a phone) scrolls sideways inside its card; a keyboard user can
 * scroll it only if it can take the focus (WCAG 2.1.1), so each such table gets a tab stop.
 */
function makeWideTablesScrollable() {
  for (const region of document.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')) {
    const wide = region.scrollWidth > region.clientWidth + 1;
    if (wide && !region.hasAttribute('tabindex')) {
      region.tabIndex = 0;
      region.setAttribute('role', 'region');
      region.setAttribute('aria-label', '表格（可左右滚动）');
    }
  }
}

export function FormErrorAnnouncer() {
  const [text, setText] = useState('');
  const last = useRef('');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frame = 0;
    const observer = new MutationObserver(() => {
      // Tables are checked on the next frame (cheap); errors are collected once things calm down.
      if (!frame) frame = requestAnimationFrame(() => {
        frame = 0;
        makeWideTablesScrollable();
      });
      clearTimeout(timer);
      // Errors of one submit arrive over several frames (each field animates in): say them once.
      timer = setTimeout(() => {
        const errors = [...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent?.trim()).filter(Boolean);
        const message = errors.length ? `请检查：${[...new Set(errors)].join('；')}` : '';
        if (message !== last.current) {
          last.current = message;
          setText(message);
        }
      }, 250);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, []);
  return (
    <div className="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true" data-testid="form-errors-live">
      {text}
    </div>
  );
}
