/**
 * Role checkboxes that show the rules, not only enforce them: an agency admin never grants
 * system admin (the box is disabled with the reason), the prosecutor role only fits
 * prosecution and judicial agencies, and a prosecutor grant by an agency admin waits.
 */
import type { AgencyDto } from '../../../../shared/dto/agency.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { ROLES } from '../../../../shared/schemas/adminEnums.js';
import type { Role } from '../../../../shared/schemas/common.js';
import { translator } from '../../i18n/index.js';
import { hasRole } from '../../state/session.js';
import { roleWord } from './parts.js';

const t = translator(admin);
const PROSECUTOR_KINDS: ReadonlyArray<AgencyDto['kind']> = ['prosecutor', 'judiciary'];

export function RolePicker(props: {
  id: string;
  value: Role[];
  onValue: (r: Role[]) => void;
  agency: AgencyDto | undefined;
  error?: string | undefined;
}) {
  const { id, value, onValue, agency, error } = props;
  const system = hasRole('system_admin');
  const prosecutorFits = !agency || PROSECUTOR_KINDS.includes(agency.kind);
  const why = (r: Role): string | null =>
    (r === 'system_admin' || r === 'statistics') && !system ? 'system' : r === 'prosecutor' && !prosecutorFits ? 'prosecutor' : null;
  // The statistics role is held alone (server/identity/roles.policy.ts): choosing it or another one replaces the other.
  const choose = (r: Role, on: boolean): Role[] =>
    !on ? value.filter((x) => x !== r) : r === 'statistics' ? ['statistics'] : [...value.filter((x) => x !== 'statistics'), r];
  return (
    // The fieldset takes focus from the form's error summary (a box may be disabled).
    <fieldset id={id} tabIndex={-1} class={error ? 'roles field-invalid' : 'roles'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('roles')}</legend>
      {ROLES.map((r) => {
        const reason = why(r);
        const boxId = `${id}-${r}`;
        return (
          <div class="check" key={r}>
            <input
              type="checkbox"
              id={boxId}
              checked={value.includes(r)}
              disabled={reason !== null && !value.includes(r)}
              aria-describedby={reason ? `${id}-rule-${reason}` : undefined}
              onChange={(e) => onValue(choose(r, e.currentTarget.checked))}
            />
            <label for={boxId}>{roleWord(r)}</label>
          </div>
        );
      })}
      {!system ? (
        <p class="field-hint rule" id={`${id}-rule-system`}>
          {t('systemAdminRule')}
        </p>
      ) : null}
      {system ? <p class="field-hint">{t('statisticsRule')}</p> : null}
      {!prosecutorFits ? (
        <p class="field-hint rule" id={`${id}-rule-prosecutor`}>
          {t('prosecutorRule')}
        </p>
      ) : !system ? (
        <p class="field-hint">{t('restrictedRule')}</p>
      ) : null}
      {error ? (
        <div class="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}
