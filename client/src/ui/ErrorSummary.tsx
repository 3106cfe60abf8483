/**
 * The GOV.UK error summary: above the form, a heading, the request's own message and one link per
 * field error (to the field); it takes focus when it appears, and it is the one live
 * announcement (fields show their message next to them without role=alert).
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { common } from '../../../shared/i18n/client/common.js';
import { errorText, fieldErrors } from '../api/errors.js';
import { translator } from '../i18n/index.js';
import { newFieldId } from './Field.js';

const t = translator(common);

export interface SummaryItem {
  /** The field's id, linked as #id. */
  id: string;
  text: string;
}

/** Items for the field errors the form shows, in the form's order (`fields` maps API paths to field ids). */
export function summaryItems(
  errors: Record<string, string | undefined>,
  fields: Array<readonly [path: string, id: string]>,
): SummaryItem[] {
  return fields.flatMap(([path, id]) => {
    const text = errors[path];
    return text ? [{ id, text }] : [];
  });
}

export function ErrorSummary({ message, items }: { message?: string | null; items: SummaryItem[] }) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useMemo(() => newFieldId('error-summary'), []);
  const shown = !!message || items.length > 0;
  const key = `${message ?? ''}|${items.map((i) => `${i.id}:${i.text}`).join('|')}`;
  useEffect(() => {
    if (shown) box.current?.focus();
  }, [key]);
  if (!shown) return null;
  return (
    <div class="error-summary" ref={box} tabIndex={-1} aria-labelledby={titleId}>
      <div role="alert">
        <h2 id={titleId}>{t('errorSummaryTitle')}</h2>
        {message ? <p>{message}</p> : null}
        {items.length ? (
          <ul>
            {items.map((i) => (
              <li key={i.id}>
                <a
                  href={`#${i.id}`}
                  onClick={(e) => {
                    // Focus the field itself (a fragment link would only scroll in some browsers).
                    const field = document.getElementById(i.id);
                    if (field) {
                      e.preventDefault();
                      field.focus();
                    }
                  }}
                >
                  {i.text}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The summary of a failed request: its message, and a link for each field error the form shows
 * (`fields` maps API paths to field ids; `errors` when the form maps the API's paths itself).
 */
export function RequestErrorSummary({
  error,
  fields,
  errors,
}: {
  error: unknown;
  fields: Array<readonly [path: string, id: string]>;
  errors?: Record<string, string | undefined>;
}) {
  return <ErrorSummary message={error ? errorText(error) : null} items={summaryItems(errors ?? fieldErrors(error), fields)} />;
}
