// Problems and warnings under a form field, in the UI's language.
import { useT } from '../stores/ui-store.ts';
import type { UrlWarning } from './url-warnings.ts';
import type { FieldId, FormProblem } from './validate.ts';

export interface ServerProblem {
  field: FieldId;
  /** The core's own words (shown when no translated rule caught the problem first). */
  message: string;
}

export function FieldErrors(props: { field: FieldId; problems: FormProblem[]; server: ServerProblem[] }) {
  const t = useT();
  const own = props.problems.filter((problem) => problem.field === props.field);
  const server = props.server.filter((problem) => problem.field === props.field);
  if (own.length === 0 && server.length === 0) return null;
  return (
    <div className="field-error" role="alert" data-testid={`error-${props.field}`}>
      {own.map((problem) => (
        <div key={problem.key}>{t(problem.key, problem.params)}</div>
      ))}
      {server.map((problem) => (
        <div key={problem.message}>{t('vform.err.server', { message: problem.message })}</div>
      ))}
    </div>
  );
}

export function FieldWarnings(props: { warnings: UrlWarning[]; testId: string }) {
  const t = useT();
  if (props.warnings.length === 0) return null;
  return (
    <div className="field-warning" role="status" data-testid={props.testId}>
      {props.warnings.map((warning) => (
        <div key={warning.key}>{t(warning.key, warning.params)}</div>
      ))}
    </div>
  );
}
