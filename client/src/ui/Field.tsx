/** A labelled native control with its hint and its error (tied by aria-describedby; the form's ErrorSummary announces). */
import type { ComponentChildren } from 'preact';

let counter = 0;
export const newFieldId = (prefix = 'f'): string => `${prefix}-${++counter}`;

export interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ComponentChildren;
  required?: boolean;
  children: ComponentChildren;
}

/** Wraps one control; the control itself must use `id` and `describedBy(id, …)`. */
export function Field({ id, label, error, hint, required, children }: FieldProps) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {children}
      {hint ? (
        <div class="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div class="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** The aria-describedby value for a control rendered in a Field. */
export function describedBy(id: string, opts: { hint?: boolean; error?: string | undefined }): string | undefined {
  const ids = [opts.hint ? `${id}-hint` : null, opts.error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The input attributes the forms use (Preact's full input typing is a union too wide to spread). */
interface InputAttributes {
  name?: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'date' | 'datetime-local' | 'search';
  autocomplete?: string;
  inputMode?: 'numeric' | 'tel' | 'email' | 'text' | 'search';
  maxLength?: number;
  minLength?: number;
  min?: number | string;
  max?: number | string;
  required?: boolean;
  placeholder?: string;
  lang?: string;
}

export interface TextFieldProps extends InputAttributes {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: ComponentChildren;
}

/** A labelled <input> with its hint and error wired for assistive technology. */
export function TextField({ id, label, value, onValue, error, hint, required, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint} required={!!required}>
      <input
        // Preact types <input> as a union by `type`; these attributes are valid in every branch.
        {...(input as Record<string, unknown>)}
        id={id}
        required={required}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={describedBy(id, { hint: !!hint, error })}
        aria-invalid={error ? true : undefined}
      />
    </Field>
  );
}

export interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: ReadonlyArray<readonly [string, string]>;
  /** Text of an empty first option; none when absent. */
  empty?: string;
  error?: string | undefined;
  hint?: ComponentChildren;
  required?: boolean;
}

/** A labelled native <select>. */
export function SelectField({ id, label, value, onValue, options, empty, error, hint, required }: SelectFieldProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint} required={!!required}>
      <select
        id={id}
        value={value}
        required={required}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-describedby={describedBy(id, { hint: !!hint, error })}
        aria-invalid={error ? true : undefined}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A labelled <textarea>. */
export function TextAreaField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string | undefined;
  maxLength?: number;
  required?: boolean;
}) {
  const { id, label, value, onValue, error, maxLength, required } = props;
  return (
    <Field id={id} label={label} error={error} required={!!required}>
      <textarea
        id={id}
        value={value}
        maxLength={maxLength}
        required={required}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={describedBy(id, { error })}
        aria-invalid={error ? true : undefined}
      />
    </Field>
  );
}
