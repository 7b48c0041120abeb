import { Fragment } from 'react';
import type { RequestView } from '../../src-shared/contract.ts';
import { useFormats, useT } from '../stores/ui-store.ts';

/** A request's path through the chain, in order: skipped tiers (dashed) and attempts (green or red). */
export function Timeline(props: { request: RequestView }) {
  const t = useT();
  const f = useFormats();
  const { request } = props;
  const steps = request.timeline.map((step) => {
    if (step.kind === 'skipped')
      return (
        <span key={`skip-${step.tier}`} className="step step-skipped" title={step.reason}>
          {t('requests.skipped', { tier: step.tier, reason: step.reason })}
        </span>
      );
    const attempt = request.attempts[step.attempt];
    if (!attempt) return null;
    return (
      <span
        key={`attempt-${step.attempt}`}
        className={`step ${attempt.success ? 'step-ok' : 'step-failed'}`}
        title={
          attempt.errorMessage ??
          `${t('requests.attempt', { n: attempt.attempt + 1 })} · ${attempt.modelServed}`
        }
      >
        {attempt.vendor} ·{' '}
        {attempt.success
          ? (attempt.status ?? 'ok')
          : (attempt.errorClass ?? attempt.status ?? t('requests.failed'))}{' '}
        · {f.duration(attempt.durationMs)}
      </span>
    );
  });
  if (steps.length === 0)
    return (
      <div className="timeline">
        <span className="step step-skipped">{t('requests.noTierTried')}</span>
      </div>
    );
  return (
    <div className="timeline">
      {steps.map((step, index) => (
        <Fragment key={step?.key ?? index}>
          {index > 0 && <span className="arrow">→</span>}
          {step}
        </Fragment>
      ))}
    </div>
  );
}
