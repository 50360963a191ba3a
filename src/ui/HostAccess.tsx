interface Props {
  granted: boolean;
  onRequest: () => void;
  onRelease: () => void;
}

/**
 * Host access is optional. Without it, Brushwork reads the images a page may
 * read itself (same site, or served with CORS). Pictures served by other
 * servers without CORS need the user's permission to read them.
 */
export function HostAccess({ granted, onRequest, onRelease }: Props) {
  if (granted)
    return (
      <div class="hint">
        <p>Brushwork may read pictures from all sites (never from your own network, never with your cookies).</p>
        <button type="button" class="link" onClick={onRelease}>
          Give back access to all sites
        </button>
      </div>
    );
  return (
    <div class="hint">
      <p>Pictures served by other sites can only be read with your permission. They never leave your computer.</p>
      <button type="button" class="link" onClick={onRequest}>
        Allow reading images on all sites…
      </button>
    </div>
  );
}
