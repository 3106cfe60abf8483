/**
 * The quick alert's place: what the officer writes, and "Usar mi ubicación" (Geolocation API),
 * which adds the phone's coordinates to the first place. Both stay editable: the words here, the
 * coordinates under "Más detalles" (or removed in one tap).
 */
import { useState } from 'preact/hooks';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { translator } from '../../i18n/index.js';
import { TextField } from '../../ui/Field.js';
import { FIELD } from './draftCheck.js';
import { placeAt, placePatch, type FormPart } from './formParts.js';

const t = translator(dict);

type LocateState = { state: 'idle' | 'locating' | 'denied' | 'unavailable' } | { state: 'found'; accuracy: number };

/** Degrees with 5 decimals (about a metre): what a GPS fix on a phone can honestly claim. */
const fixed = (x: number): string => x.toFixed(5);

export function PlaceField({ p }: { p: FormPart }) {
  const [loc, setLoc] = useState<LocateState>({ state: 'idle' });
  const place = placeAt(p.d, 0, p.home);
  const supported = typeof navigator !== 'undefined' && 'geolocation' in navigator;
  const locate = () => {
    setLoc({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        p.set(placePatch(p.d, 0, { lat: fixed(pos.coords.latitude), lng: fixed(pos.coords.longitude) }, p.home));
        setLoc({ state: 'found', accuracy: Math.round(pos.coords.accuracy) });
      },
      (err) => setLoc({ state: err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  const status =
    loc.state === 'locating'
      ? t('locating')
      : loc.state === 'denied'
        ? t('locationDenied')
        : loc.state === 'unavailable'
          ? t('locationUnavailable')
          : null;
  const id = FIELD.place(0, 'label');
  return (
    <fieldset>
      <legend>{t('sectionPlace')}</legend>
      <TextField
        id={id}
        label={t('label')}
        hint={t('placeHint')}
        maxLength={LIMITS.shortText}
        value={place.label}
        onValue={(label) => p.set(placePatch(p.d, 0, { label }, p.home))}
        error={p.errs[id]}
      />
      <div class="actions">
        {supported ? (
          <button type="button" onClick={locate} disabled={loc.state === 'locating'}>
            {t('useMyLocation')}
          </button>
        ) : null}
        {place.lat && place.lng ? (
          <button type="button" class="link-button" onClick={() => p.set(placePatch(p.d, 0, { lat: '', lng: '' }, p.home))}>
            {t('removeCoordinates')}
          </button>
        ) : null}
      </div>
      <p class="muted" aria-live="polite" data-testid="place-status">
        {place.lat && place.lng
          ? loc.state === 'found'
            ? t('locatedAt', { lat: place.lat, lng: place.lng, accuracy: loc.accuracy })
            : t('coordinatesOnly', { lat: place.lat, lng: place.lng })
          : status}
      </p>
    </fieldset>
  );
}
