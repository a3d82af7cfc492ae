/** The top bar's file and document actions: an icon with a label, the icon alone when the window is narrow. */
import type { ReactNode } from 'react';

export type ToolbarIconName = 'new' | 'open' | 'save' | 'share' | 'examples' | 'export' | 'recent' | 'data';

const PATHS: Record<ToolbarIconName, string> = {
  new: 'M5 2.5h6l4 4v11H5Zm6 0v4h4M10 9.5v5M7.5 12h5',
  open: 'M2.5 5.5v10h13l2-7H6l-2 7M2.5 5.5h5l1.5 1.5h6.5v1.5',
  save: 'M3.5 3.5h10l3 3v10h-13ZM6.5 3.5v4h6v-4M6 16.5v-5h8v5',
  share: 'M8 12l4-4M9.5 5.5l1.5-1.5a3 3 0 0 1 4.2 4.2L13.7 9.7M10.5 14.5 9 16a3 3 0 0 1-4.2-4.2l1.5-1.5',
  examples: 'M3 3.5h5.5v5.5H3ZM11.5 3.5H17v5.5h-5.5ZM3 12h5.5v5H3ZM11.5 12H17v5h-5.5Z',
  export: 'M10 12.5v-9M6.5 7 10 3.5 13.5 7M4 11v5.5h12V11',
  recent: 'M3 10a7 7 0 1 0 14 0a7 7 0 1 0-14 0M10 6v4l2.5 2',
  data: 'M4 5c0-1.4 2.7-2.5 6-2.5s6 1.1 6 2.5-2.7 2.5-6 2.5S4 6.4 4 5Zm0 0v10c0 1.4 2.7 2.5 6 2.5s6-1.1 6-2.5V5M4 10c0 1.4 2.7 2.5 6 2.5s6-1.1 6-2.5',
};

export function ToolbarIcon({ name }: { name: ToolbarIconName }) {
  return (
    <svg className="tb-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}

/**
 * A top-bar action: icon and label, the label hidden below 1360 px (the name stays, as aria-label
 * and tooltip), so that every action fits the bar of a 1024 px window.
 */
export function ToolbarButton({
  icon,
  label,
  title,
  onClick,
  testId,
}: {
  icon: ToolbarIconName;
  label: string;
  title: string;
  onClick: () => void;
  testId: string;
}): ReactNode {
  return (
    <button type="button" className="tb tb--labelled" onClick={onClick} title={title} aria-label={label} data-testid={testId}>
      <ToolbarIcon name={icon} />
      <span className="tb-label">{label}</span>
    </button>
  );
}
