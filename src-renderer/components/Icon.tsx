// Line icons for the navigation (SVG, so they look the same whatever fonts the system has).
const PATHS: Record<string, string> = {
  tiers: 'M4 6h16M4 12h16M4 18h16M7 4v4M7 10v4M7 16v4',
  spend: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  requests: 'M4 7h13l-3-3M20 17H7l3 3',
  vendors: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  connect:
    'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  sessions: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  logs: 'M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7',
};

export function Icon(props: { name: string; size?: number }) {
  const size = props.size ?? 18;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[props.name] ?? PATHS.tiers} />
    </svg>
  );
}
