// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { HostAccess } from '../../src/ui/HostAccess';

describe('the all-sites access control', () => {
  it('offers access when not granted, and gives it back when granted', () => {
    const root = document.createElement('div');
    const onRequest = vi.fn();
    const onRelease = vi.fn();
    render(<HostAccess granted={false} onRequest={onRequest} onRelease={onRelease} />, root);
    (root.querySelector('button') as HTMLButtonElement).click();
    expect(onRequest).toHaveBeenCalledTimes(1);
    render(<HostAccess granted={true} onRequest={onRequest} onRelease={onRelease} />, root);
    const button = root.querySelector('button') as HTMLButtonElement;
    expect(button.textContent).toBe('Give back access to all sites');
    button.click();
    expect(onRelease).toHaveBeenCalledTimes(1);
    expect(onRequest).toHaveBeenCalledTimes(1);
  });
});
