/**
 * Light or dark: follows the system (prefers-color-scheme) unless the user picks one; the choice is
 * a preference and lives in localStorage. Applied as <html data-theme>, which the stylesheet's
 * colour variables key on; drawings on canvases (charts) read the same variables.
 */
import { create } from 'zustand';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'kairo.theme';
const PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

function storedPreference(): ThemePreference {
  try {
    const value = window.localStorage.getItem(THEME_KEY);
    return PREFERENCES.find((each) => each === value) ?? 'system';
  } catch {
    return 'system';
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

interface ThemeState {
  preference: ThemePreference;
  theme: Theme;
  /** system → light → dark → system. */
  cycle(): void;
  setPreference(preference: ThemePreference): void;
}

function apply(preference: ThemePreference): Theme {
  const theme = preference === 'system' ? systemTheme() : preference;
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.dataset.themePreference = preference;
  root.style.colorScheme = theme;
  return theme;
}

export const useTheme = create<ThemeState>()((set, get) => ({
  preference: 'system',
  theme: 'light',
  cycle() {
    const index = PREFERENCES.indexOf(get().preference);
    get().setPreference(PREFERENCES[(index + 1) % PREFERENCES.length] ?? 'system');
  },
  setPreference(preference) {
    try {
      if (preference === 'system') window.localStorage.removeItem(THEME_KEY);
      else window.localStorage.setItem(THEME_KEY, preference);
    } catch {
      // Not remembered; the switch itself still works.
    }
    set({ preference, theme: apply(preference) });
  },
}));

/** Applies the remembered (or the system's) theme before the first paint, and follows the system's changes. */
export function startTheme(): void {
  const preference = storedPreference();
  useTheme.setState({ preference, theme: apply(preference) });
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => {
    const current = useTheme.getState().preference;
    if (current === 'system') useTheme.setState({ theme: apply('system') });
  });
}

/** The value of a colour variable of the stylesheet, as the page has it now (for canvas drawings). */
export function cssColour(element: Element, name: string, fallback: string): string {
  const value = getComputedStyle(element).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}
