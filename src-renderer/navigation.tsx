// The dashboard's views, in navigation order. A new view is one entry here (and its id in `View`): the sidebar,
// the compact top tabs and the screenshots all read this list.
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/strings.ts';
import type { View } from './stores/ui-prefs.ts';
import { ConnectView } from './views/ConnectView.tsx';
import { LogsView } from './views/LogsView.tsx';
import { RequestsView } from './views/RequestsView.tsx';
import { SessionsView } from './views/SessionsView.tsx';
import { SpendView } from './views/SpendView.tsx';
import { TierBoard } from './views/TierBoard.tsx';
import { VendorsView } from './views/VendorsView.tsx';

export interface ViewEntry {
  id: View;
  label: MessageKey;
  /** A shorter label for the compact tabs, where space is tight. */
  shortLabel?: MessageKey;
  icon: string;
  render: () => ReactNode;
}

export const VIEWS: ReadonlyArray<ViewEntry> = [
  { id: 'tiers', label: 'nav.tiers', icon: 'tiers', render: () => <TierBoard /> },
  { id: 'spend', label: 'nav.spend', icon: 'spend', render: () => <SpendView /> },
  { id: 'requests', label: 'nav.requests', icon: 'requests', render: () => <RequestsView /> },
  { id: 'sessions', label: 'nav.sessions', icon: 'sessions', render: () => <SessionsView /> },
  { id: 'vendors', label: 'nav.vendors', icon: 'vendors', render: () => <VendorsView /> },
  {
    id: 'connect',
    label: 'nav.connect',
    shortLabel: 'nav.connectShort',
    icon: 'connect',
    render: () => <ConnectView />,
  },
  { id: 'logs', label: 'nav.logs', icon: 'logs', render: () => <LogsView /> },
];
