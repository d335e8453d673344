import { useId, type ReactNode } from 'react';

/** Name/value pairs, each value labelled by its name (so `getByLabel('Received accept')` finds the value). */
export function Facts({ rows }: { rows: [name: string, value: ReactNode, tone?: 'ok' | 'bad'][] }) {
  const prefix = useId();
  return (
    <dl className="facts">
      {rows.map(([name, value, tone], index) => (
        <div key={name} className={tone ? `fact ${tone}` : 'fact'}>
          <dt id={`${prefix}-${index}`}>{name}</dt>
          <dd aria-labelledby={`${prefix}-${index}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
