import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectInFlight } from './stores/in-flight-store.ts';
import { connectTiers } from './stores/tiers-store.ts';
import { applyDocumentPrefs, useUi } from './stores/ui-store.ts';
import './styles.css';

applyDocumentPrefs(useUi.getState());
useUi.subscribe(applyDocumentPrefs);
connectTiers();
connectInFlight();

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
