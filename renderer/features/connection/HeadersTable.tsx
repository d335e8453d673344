import type { HeaderRow } from './connect-form';

interface Props {
  rows: HeaderRow[];
  onChange(rows: HeaderRow[]): void;
}

/** Extra request headers, one row each, sent in this order (RFC 6455 §4.1 allows any others). */
export function HeadersTable({ rows, onChange }: Props) {
  const update = (key: number, change: Partial<HeaderRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const add = () => onChange([...rows, { key: Math.max(0, ...rows.map((row) => row.key)) + 1, name: '', value: '' }]);
  return (
    <fieldset className="options-group headers">
      <legend>Headers</legend>
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key}>
                <td>
                  <input aria-label={`Header ${index + 1} name`} value={row.name} placeholder="Authorization" spellCheck={false} onChange={(event) => update(row.key, { name: event.target.value })} />
                </td>
                <td>
                  <input aria-label={`Header ${index + 1} value`} value={row.value} placeholder="Bearer …" spellCheck={false} onChange={(event) => update(row.key, { value: event.target.value })} />
                </td>
                <td>
                  <button type="button" className="icon" aria-label={`Remove header ${index + 1}`} onClick={() => onChange(rows.filter((other) => other.key !== row.key))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={add}>
        Add header
      </button>
    </fieldset>
  );
}
