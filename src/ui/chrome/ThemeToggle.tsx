/** Light, dark, or as the system: one button that steps through the three, saying which is on. */
import { useT } from '../useT';
import { useTheme } from '../theme';

export function ThemeToggle() {
  const t = useT();
  const preference = useTheme((state) => state.preference);
  const label = t(`editor.theme.${preference}`);
  return (
    <button
      type="button"
      className="tb tb--icon theme-toggle"
      onClick={() => useTheme.getState().cycle()}
      title={`${label} — ${t('editor.theme.next')}`}
      aria-label={label}
      data-testid="theme-toggle"
      data-preference={preference}
    >
      <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
        {preference === 'light' ? (
          <>
            <circle cx="10" cy="10" r="3.5" />
            <path d="M10 2v2M10 16v2M2 10h2M16 10h2M4.3 4.3l1.4 1.4M14.3 14.3l1.4 1.4M4.3 15.7l1.4-1.4M14.3 5.7l1.4-1.4" />
          </>
        ) : preference === 'dark' ? (
          <path d="M15.5 12.5A6.5 6.5 0 0 1 7.5 4.5a6.5 6.5 0 1 0 8 8Z" />
        ) : (
          <>
            <circle cx="10" cy="10" r="6.5" />
            <path d="M10 3.5v13a6.5 6.5 0 0 0 0-13Z" className="theme-toggle-fill" />
          </>
        )}
      </svg>
    </button>
  );
}
