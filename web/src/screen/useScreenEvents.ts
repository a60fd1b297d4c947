import { useEffect, useRef, useState } from 'react';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** At most one refetch this often however many steps arrive (the server already bundles 200 ms). */
const THROTTLE_MS = 500;
/** When the server refuses the stream outright (503: full, or no LISTEN), try again after this. */
const REOPEN_MS = 5000;

/**
 * The big screen's live line: an EventSource on the centre's event stream, calling `onChange`
 * (throttled, first call at once) after each committed case step, and once more after every
 * reconnection, since changes made while the line was down were never heard.
 */
export function useScreenEvents(url: string | undefined, onChange: () => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    if (!url) return;
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    let wasDown = false;
    let closed = false;
    const changed = () => {
      const wait = last + THROTTLE_MS - Date.now();
      if (wait <= 0) {
        last = Date.now();
        callback.current();
      } else {
        trailing ??= setTimeout(() => {
          trailing = undefined;
          last = Date.now();
          callback.current();
        }, wait);
      }
    };
    const open = () => {
      source = new EventSource(url);
      source.addEventListener('ready', () => {
        setState('live');
        if (wasDown) changed();
        wasDown = false;
      });
      source.addEventListener('change', changed);
      source.onerror = () => {
        wasDown = true;
        setState('reconnecting');
        // The browser retries by itself after a dropped line, but not after an error answer.
        if (source?.readyState === EventSource.CLOSED && !closed) {
          source.close();
          reopen = setTimeout(open, REOPEN_MS);
        }
      };
    };
    open();
    return () => {
      closed = true;
      source?.close();
      clearTimeout(reopen);
      clearTimeout(trailing);
    };
  }, [url]);
  return state;
}
