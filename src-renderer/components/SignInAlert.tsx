// What a tier card says when the tier waits for the user. With the core's reason code (a browser sign-in: GitHub,
// Google), a sentence in the UI's language — never the core's own sentence, which is written for the terminal
// ("run `coding-proxy auth login …`"). Otherwise (a key the vendor refused, a setting missing) the core's words
// follow a translated lead. Sign-in vendors get the Sign in button, the others the way to the vendor's settings.
import type { SignInProvider, SignInReason, TierStatus } from '../../src-shared/contract.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { useT } from '../stores/ui-store.ts';
import { SIGN_IN_KIND } from '../vendor-form/preset-view.ts';

const PROVIDER_NAMES: Record<SignInProvider, string> = { github: 'GitHub', google: 'Google' };

const REASON_KEYS: Record<SignInReason, MessageKey> = {
  missing: 'signIn.need.missing',
  expired: 'signIn.need.expired',
  revoked: 'signIn.need.revoked',
  'no-access': 'signIn.need.no-access',
};

export function SignInAlert(props: {
  tier: TierStatus;
  /** The core's words (`signInNeeded`). */
  message: string | undefined;
  onSignIn(): void;
  onEditVendor(): void;
}) {
  const t = useT();
  const { tier } = props;
  const provider = tier.signIn?.provider ?? SIGN_IN_KIND[tier.kind];
  return (
    <div
      className="tier-alert"
      data-testid={`sign-in-needed-${tier.name}`}
      data-reason={tier.signIn?.reason ?? ''}
    >
      <span className="tier-alert-text">
        {tier.signIn ? (
          t(REASON_KEYS[tier.signIn.reason], { provider: PROVIDER_NAMES[tier.signIn.provider] })
        ) : (
          <>
            {t('signIn.need.key')}
            {props.message && <span className="tier-alert-detail">{props.message}</span>}
          </>
        )}
      </span>
      {provider ? (
        <button
          type="button"
          className="button small primary"
          data-testid={`tier-sign-in-${tier.name}`}
          onClick={props.onSignIn}
        >
          {t('vendors.signIn')}
        </button>
      ) : (
        <button
          type="button"
          className="button small"
          data-testid={`tier-fix-${tier.name}`}
          onClick={props.onEditVendor}
        >
          {t('tiers.fixKey')}
        </button>
      )}
    </div>
  );
}
