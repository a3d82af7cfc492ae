/** Small line icons for the top bar's file actions (shown alone when the window is narrow). */
export type ToolbarIconName = 'new' | 'open' | 'save' | 'share' | 'examples';

const PATHS: Record<ToolbarIconName, string> = {
  new: 'M5 2.5h6l4 4v11H5Zm6 0v4h4M10 9.5v5M7.5 12h5',
  open: 'M2.5 5.5v10h13l2-7H6l-2 7M2.5 5.5h5l1.5 1.5h6.5v1.5',
  save: 'M3.5 3.5h10l3 3v10h-13ZM6.5 3.5v4h6v-4M6 16.5v-5h8v5',
  share: 'M8 12l4-4M9.5 5.5l1.5-1.5a3 3 0 0 1 4.2 4.2L13.7 9.7M10.5 14.5 9 16a3 3 0 0 1-4.2-4.2l1.5-1.5',
  examples: 'M3 3.5h5.5v5.5H3ZM11.5 3.5H17v5.5h-5.5ZM3 12h5.5v5H3ZM11.5 12H17v5h-5.5Z',
};

export function ToolbarIcon({ name }: { name: ToolbarIconName }) {
  return (
    <svg className="tb-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
