interface Props {
  granted: boolean;
  onRequest: () => void;
}

/**
 * Host access is optional. Without it, Brushwork reads the images a page may
 * read itself (same site, or served with CORS). Pictures served by other
 * servers without CORS need the user's permission to read them.
 */
export function HostAccess({ granted, onRequest }: Props) {
  if (granted) return null;
  return (
    <div class="hint">
      <p>Pictures served by other sites can only be read with your permission. They never leave your computer.</p>
      <button type="button" class="link" onClick={onRequest}>
        Allow reading images on all sites…
      </button>
    </div>
  );
}
