/**
 * One directory entry: phones with tap-to-call (tel:) and WhatsApp (wa.me) links carrying the
 * E.164 form, e-mails, languages, hours, and a badge when unconfirmed for too long. Agency and
 * system admins confirm and remove it here (removal asks first) and edit it in the form.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ContactDto, ContactPhoneDto } from '../../../../shared/dto/contact.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { directory } from '../../../../shared/i18n/client/directory.js';
import { errorText } from '../../api/errors.js';
import { deleteContact, verifyContact } from '../../api/contacts.js';
import { translator } from '../../i18n/index.js';
import { Notice } from '../../ui/Notice.js';
import { formatDate } from '../../i18n/dates.js';

const t = translator(directory);
const tc = translator(common);

/** wa.me takes the international number as digits only. */
const whatsappHref = (e164: string) => `https://wa.me/${e164.replace(/\D/g, '')}`;

function Phone({ phone }: { phone: ContactPhoneDto }) {
  return (
    <li class="contact-phone">
      <span class="phone-number">{phone.number}</span>
      {phone.is24h ? (
        <span class="tag tag-24h" title={t('line24hLabel')}>
          {t('line24h')}
        </span>
      ) : null}
      <span class="phone-links">
        <a class="phone-link" href={`tel:${phone.e164}`} aria-label={t('call', { number: phone.number })}>
          {t('callShort')}
        </a>
        {phone.whatsapp ? (
          <a
            class="phone-link phone-link-whatsapp"
            href={whatsappHref(phone.e164)}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('whatsapp', { number: phone.number })}
          >
            {t('whatsappShort')}
          </a>
        ) : null}
      </span>
    </li>
  );
}

export interface ContactCardProps {
  contact: ContactDto;
  /** A write (confirm, remove) needs the server; false when offline. */
  online: boolean;
  onChanged: (updated: ContactDto) => void;
  onRemoved: (removed: ContactDto) => void;
}

export function ContactCard({ contact: c, online, onChanged, onRemoved }: ContactCardProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const abilities = online ? c.abilities : undefined;
  const headingId = `contact-${c.id}`;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const verify = () => act(async () => onChanged(await verifyContact(c.id)));
  const remove = () =>
    act(async () => {
      await deleteContact(c.id);
      onRemoved(c);
    });

  return (
    <li class={`contact-card${c.stale ? ' is-stale' : ''}`} data-contact-id={c.id} aria-labelledby={headingId}>
      <h3 class="contact-name" id={headingId}>
        {c.name}
      </h3>
      <p class="contact-meta">
        <span class="tag">{t(`kind_${c.kind}`)}</span>
        {c.unit ? <span>{c.unit}</span> : null}
        {c.position ? <span>{c.position}</span> : null}
      </p>
      {c.stale ? (
        <p class="stale-badge" data-testid="stale">
          {t('staleBadge', { date: formatDate(c.verifiedAt) })}
        </p>
      ) : null}
      {c.phones.length > 0 ? (
        <ul class="contact-phones" aria-label={t('phones')}>
          {c.phones.map((p) => (
            <Phone key={p.e164} phone={p} />
          ))}
        </ul>
      ) : null}
      <dl class="contact-details">
        {c.emails.length > 0 ? (
          <>
            <dt>{t('emails')}</dt>
            <dd>
              {c.emails.map((e, i) => (
                <span key={e}>
                  {i > 0 ? ', ' : null}
                  <a href={`mailto:${e}`}>{e}</a>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        <dt>{t('languages')}</dt>
        <dd>{c.languages.map((l) => t(`lang_${l}`)).join(', ')}</dd>
        {c.availability ? (
          <>
            <dt>{t('hours')}</dt>
            <dd>{c.availability}</dd>
          </>
        ) : null}
        {c.notes ? (
          <>
            <dt>{t('notes')}</dt>
            <dd class="contact-notes">{c.notes}</dd>
          </>
        ) : null}
      </dl>
      {c.stale ? null : <p class="contact-verified">{t('verifiedOn', { date: formatDate(c.verifiedAt) })}</p>}
      {abilities && (abilities.edit || abilities.verify || abilities.delete) ? (
        <div class="contact-actions" role="group" aria-label={t('actionsFor', { name: c.name })}>
          {abilities.edit ? (
            <a class="button" href={`/directory/${c.id}/edit`}>
              {t('edit')}
            </a>
          ) : null}
          {abilities.verify ? (
            <button type="button" disabled={busy} onClick={() => void verify()}>
              {t('verify')}
            </button>
          ) : null}
          {abilities.delete && !confirming ? (
            <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
              {t('remove')}
            </button>
          ) : null}
        </div>
      ) : null}
      {confirming ? (
        <div class="confirm-remove" role="group" aria-labelledby={`${headingId}-q`}>
          <p id={`${headingId}-q`}>{t('removeQuestion', { name: c.name })}</p>
          <button ref={confirmRef} type="button" class="danger" disabled={busy} onClick={() => void remove()}>
            {t('removeConfirm')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            {tc('cancel')}
          </button>
        </div>
      ) : null}
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
    </li>
  );
}
