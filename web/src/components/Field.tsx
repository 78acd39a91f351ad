import { type ReactNode, useId } from 'react';

type FieldProps = {
  label: string;
  /** The message for this field, from the API's schema or the server's problem+json. */
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
  className?: string | undefined;
};

/** A label, an input and its error right below it, wired for screen readers (aria-invalid, aria-describedby). */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type TextFieldProps = {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  type?: string;
  autoComplete?: string;
  placeholder?: string;
  required?: boolean;
  inputMode?: 'text' | 'decimal' | 'email' | 'numeric' | 'search';
  className?: string | undefined;
  autoFocus?: boolean;
};

export function TextField({ label, name, value, onChange, error, hint, className, ...input }: TextFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(aria) => (
        <input {...aria} {...input} name={name} value={value} onChange={(event) => onChange(event.target.value)} />
      )}
    </Field>
  );
}

type SelectFieldProps = {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
  hint?: ReactNode;
  className?: string | undefined;
};

export function SelectField({ label, name, value, onChange, options, error, hint, className }: SelectFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(aria) => (
        <select {...aria} name={name} value={value} onChange={(event) => onChange(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
