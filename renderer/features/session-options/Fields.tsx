import { useId, type ReactNode } from 'react';
import './form-controls.css';
import './session-options.css';

interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  /** Shown after the input, e.g. a unit or a byte count. */
  after?: ReactNode;
  numeric?: boolean;
  disabled?: boolean;
  className?: string;
}

/** A labelled one-line input; numbers stay text so a half-typed value is never lost. */
export function TextField({ label, value, onChange, placeholder, after, numeric, disabled, className }: TextFieldProps) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <span className="field-input">
        <input
          id={id}
          type="text"
          inputMode={numeric ? 'numeric' : undefined}
          value={value}
          placeholder={placeholder}
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => onChange(event.target.value)}
        />
        {after !== undefined && <span className="field-after">{after}</span>}
      </span>
    </div>
  );
}

interface CheckFieldProps {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  title?: string;
  disabled?: boolean;
}

export function CheckField({ label, checked, onChange, title, disabled }: CheckFieldProps) {
  return (
    <label className="check" title={title}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}
