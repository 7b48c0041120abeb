// Where the tier sends requests and with which credentials: plan and region (the preset's hosts), an optional base
// URL of one's own, the resulting address, where to get a key, the key itself and the auth header. Defaults are
// shown, never written: an empty choice keeps the kind's default and stays out of the config file.
import { AUTH_STYLES, type AuthStyle } from '../../src-shared/config-schema.ts';
import type { SecretHint } from '../../src-shared/contract.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { useT } from '../stores/ui-store.ts';
import type { VendorDraft } from './draft.ts';
import { FieldErrors, FieldWarnings, type ServerProblem } from './FieldNotes.tsx';
import { keepValidChoice, type PresetView, SIGN_IN_KIND } from './preset-view.ts';
import type { UrlWarning } from './url-warnings.ts';
import type { FormProblem } from './validate.ts';

const REGION_KEYS: Record<string, MessageKey> = {
  china: 'vform.region.china',
  global: 'vform.region.global',
  us: 'vform.region.us',
  singapore: 'vform.region.singapore',
  europe: 'vform.region.europe',
};

const AUTH_KEYS: Record<AuthStyle, MessageKey> = {
  'x-api-key': 'vform.auth.x-api-key',
  bearer: 'vform.auth.bearer',
  both: 'vform.auth.both',
  'api-key': 'vform.auth.api-key',
};

export interface PresetFieldsProps {
  draft: VendorDraft;
  preset: PresetView;
  update(patch: Partial<VendorDraft>): void;
  problems: FormProblem[];
  server: ServerProblem[];
  /** The stored key's mask (editing a vendor that has one). */
  storedKey: SecretHint | undefined;
  /** The stored key will not follow the vendor to its new address. */
  keyStaysBehind: boolean;
  urlWarnings: UrlWarning[];
}

export function PresetFields(props: PresetFieldsProps) {
  const t = useT();
  const { draft, preset, update } = props;
  const regionLabel = (id: string, fallback: string) => {
    const key = REGION_KEYS[id];
    return key ? t(key) : fallback;
  };
  const label = (list: PresetView['plans'], id: string | undefined) =>
    list.find((choice) => choice.id === id)?.label ?? id ?? '';
  const target = draft.baseUrl.trim() || preset.baseUrl;
  const signIn = SIGN_IN_KIND[draft.kind];
  const keyHint = props.storedKey?.set
    ? props.storedKey.hint
      ? t('vendors.secretSet', { hint: props.storedKey.hint })
      : props.storedKey.env
        ? t('vform.keyFromEnv', { name: props.storedKey.env })
        : t('vendors.secretSetNoHint')
    : '';

  return (
    <>
      {preset.plans.length > 0 && (
        <>
          <label htmlFor="vendor-plan">{t('vform.plan')}</label>
          <select
            id="vendor-plan"
            value={draft.plan}
            onChange={(event) => update(keepValidChoice(draft.kind, { ...draft, plan: event.target.value }))}
          >
            <option value="">
              {t('vform.defaultChoice', { choice: label(preset.plans, preset.plans[0]?.id) })}
            </option>
            {preset.plans.map((plan) => (
              <option key={plan.id} value={plan.id}>
                {plan.label}
              </option>
            ))}
          </select>
          <FieldErrors field="plan" problems={props.problems} server={props.server} />
        </>
      )}
      {preset.regions.length > 1 && (
        <>
          <label htmlFor="vendor-region">{t('vform.region')}</label>
          <select
            id="vendor-region"
            value={draft.region}
            onChange={(event) => update({ region: event.target.value })}
          >
            <option value="">
              {t('vform.defaultChoice', {
                choice: regionLabel(
                  preset.regions[0]?.id ?? '',
                  label(preset.regions, preset.regions[0]?.id),
                ),
              })}
            </option>
            {preset.regions.map((region) => (
              <option key={region.id} value={region.id}>
                {regionLabel(region.id, region.label)}
              </option>
            ))}
          </select>
          <FieldErrors field="region" problems={props.problems} server={props.server} />
        </>
      )}
      <label htmlFor="vendor-url">{t('vendors.baseUrl')}</label>
      <input
        id="vendor-url"
        type="url"
        inputMode="url"
        spellCheck={false}
        value={draft.baseUrl}
        placeholder={preset.baseUrl ?? (signIn === 'github' ? t('vform.urlFromAccount') : 'https://…')}
        onChange={(event) => update({ baseUrl: event.target.value })}
      />
      <div className="form-note" data-testid="vendor-target">
        {target ? (
          <>
            {t('vform.requestsGoTo')} <code className="wrap-anywhere">{target}</code>
            {!draft.baseUrl.trim() && <span className="muted"> {t('vform.presetHost')}</span>}
          </>
        ) : signIn === 'github' ? (
          <span className="muted">{t('vform.urlFromAccount')}</span>
        ) : null}
      </div>
      <FieldErrors field="baseUrl" problems={props.problems} server={props.server} />
      <FieldWarnings warnings={props.urlWarnings} testId="url-warning" />

      {signIn ? (
        <>
          <span className="form-label">{t('vendors.apiKey')}</span>
          <p className="form-note muted">
            {t(signIn === 'github' ? 'vform.signInGithub' : 'vform.signInGoogle')}
          </p>
        </>
      ) : (
        <>
          <label htmlFor="vendor-key">{t('vendors.apiKey')}</label>
          <input
            id="vendor-key"
            type="password"
            autoComplete="off"
            value={draft.apiKey}
            placeholder={keyHint ? t('vform.keepKey', { current: keyHint }) : ''}
            onChange={(event) => update({ apiKey: event.target.value })}
          />
          <div className="form-note">
            {preset.keyUrl && (
              <a href={preset.keyUrl} target="_blank" rel="noreferrer noopener" data-testid="key-link">
                {t('vform.getKey', { vendor: preset.label })}
              </a>
            )}
            {draft.kind === 'anthropic' && <span className="muted"> {t('vform.anthropicNoKey')}</span>}
          </div>
          <FieldErrors field="apiKey" problems={props.problems} server={props.server} />
          {props.keyStaysBehind && (
            <div className="field-warning" role="status" data-testid="key-stays-behind">
              {t('vform.keyStaysBehind')}
            </div>
          )}
        </>
      )}

      <label htmlFor="vendor-auth">{t('vform.authStyle')}</label>
      <select
        id="vendor-auth"
        value={draft.authStyle}
        onChange={(event) => update({ authStyle: event.target.value as VendorDraft['authStyle'] })}
      >
        <option value="">{t('vform.defaultChoice', { choice: t(AUTH_KEYS[preset.authStyle]) })}</option>
        {AUTH_STYLES.map((style) => (
          <option key={style} value={style}>
            {t(AUTH_KEYS[style])}
          </option>
        ))}
      </select>
      <FieldErrors field="authStyle" problems={props.problems} server={props.server} />
    </>
  );
}
