// Warnings for the base URL the user typed: its shape at once, and — once typing pauses — whether anything listens
// there (`checkBaseUrl` connects without sending a request). A preset host is not checked: it is the vendor's own.
import { useEffect, useState } from 'react';
import type { BaseUrlCheck } from '../../src-shared/contract.ts';
import { transport } from '../transport/current-transport.ts';
import { reachabilityWarning, type UrlWarning, urlShapeWarnings } from './url-warnings.ts';

const PAUSE_MS = 500;

export function useUrlWarnings(typed: string): UrlWarning[] {
  const url = typed.trim();
  const [checked, setChecked] = useState<{ url: string; result: BaseUrlCheck } | null>(null);
  useEffect(() => {
    if (!/^https?:\/\/[^/]/i.test(url)) return;
    let live = true;
    const timer = setTimeout(() => {
      transport()
        .call('checkBaseUrl', { url })
        .then(
          (result) => {
            if (live) setChecked({ url, result });
          },
          () => undefined,
        );
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [url]);
  const warnings = urlShapeWarnings(url);
  const reach = checked && checked.url === url ? reachabilityWarning(url, checked.result) : undefined;
  return reach ? [...warnings, reach] : warnings;
}
