import { useEffect, useLayoutEffect, useState } from 'react';
import { useWorkbench } from './store-context';
import type { Theme } from '../store/layout-slice';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * The "Theme" button. Until it is pressed the app follows the system's light or dark
 * preference, live; pressing it picks the other theme and keeps that choice.
 */
export function ThemeToggle() {
  const choice = useWorkbench((state) => state.themeChoice);
  const setThemeChoice = useWorkbench((state) => state.setThemeChoice);
  const system = useSystemTheme();
  const theme = choice ?? system;
  // Before the first paint, so a dark system never flashes the light theme.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const other: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="theme-toggle" title={`Switch to the ${other} theme${choice === null ? ' (now following the system)' : ''}`} onClick={() => setThemeChoice(other)}>
      <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span> Theme
    </button>
  );
}

function useSystemTheme(): Theme {
  const [dark, setDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark ? 'dark' : 'light';
}
