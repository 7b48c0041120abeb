// The Test button's result: latency and model, or what went wrong in words with the vendor's own (redacted) text.
import { useState } from 'react';
import type { VendorTestFailure, VendorTestRequest, VendorTestResult } from '../../src-shared/contract.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { useFormats, useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';

export type TestState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; result: VendorTestResult }
  | { phase: 'error'; message: string };

const REASON: Record<VendorTestFailure, MessageKey> = {
  unreachable: 'vtest.unreachable',
  timeout: 'vtest.timeout',
  credentials: 'vtest.credentials',
  'vendor-error': 'vtest.vendorError',
  unreadable: 'vtest.unreadable',
  invalid: 'vtest.invalid',
  'not-testable': 'vtest.notTestable',
};

/** Runs `testVendor`; a second click while one runs is ignored. */
export function useVendorTest(): [TestState, (request: VendorTestRequest) => void, () => void] {
  const [state, setState] = useState<TestState>({ phase: 'idle' });
  const run = (request: VendorTestRequest) => {
    if (state.phase === 'running') return;
    setState({ phase: 'running' });
    transport()
      .call('testVendor', request)
      .then(
        (result) => setState({ phase: 'done', result }),
        (error: unknown) => setState({ phase: 'error', message: (error as Error).message }),
      );
  };
  return [state, run, () => setState({ phase: 'idle' })];
}

export function TestOutcome(props: { state: TestState; testId: string }) {
  const t = useT();
  const f = useFormats();
  const { state } = props;
  if (state.phase === 'idle') return null;
  if (state.phase === 'running') {
    return (
      <p className="test-outcome muted" role="status" data-testid={props.testId} data-state="running">
        <span className="spinner" aria-hidden="true" />
        {t('vtest.running')}
      </p>
    );
  }
  if (state.phase === 'error') {
    return (
      <p className="test-outcome error-text" role="alert" data-testid={props.testId} data-state="failed">
        {t('vtest.couldNotRun', { message: state.message })}
      </p>
    );
  }
  const { result } = state;
  if (result.ok) {
    return (
      <p className="test-outcome ok-text" role="status" data-testid={props.testId} data-state="ok">
        {t('vtest.ok', { latency: f.duration(result.latencyMs), model: result.model })}
      </p>
    );
  }
  const status = result.status !== undefined ? ` (HTTP ${result.status})` : '';
  return (
    <div className="test-outcome" role="alert" data-testid={props.testId} data-state="failed">
      <p className="error-text">
        {t(REASON[result.reason])}
        {result.reason === 'vendor-error' ? status : ''}
      </p>
      <p className="muted small wrap-anywhere">{result.message}</p>
    </div>
  );
}
