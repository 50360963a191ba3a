// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { SlicedScanner } from '../../src/page/mode/scanner';

describe('the sliced page walk', () => {
  it('visits in document order, top first, shadow roots included, and later subtrees after the page', () => {
    document.body.innerHTML =
      '<header id="top"><img id="a"></header><main id="m"><p id="p"><img id="b"></p><div id="host"></div></main><footer id="f"><img id="c"></footer>';
    const host = document.getElementById('host') as HTMLElement;
    host.attachShadow({ mode: 'open' }).innerHTML = '<img id="in-shadow">';
    const seen: string[] = [];
    const roots: string[] = [];
    const scanner = new SlicedScanner({
      element: (el) => el.id && seen.push(el.id),
      shadowRoot: (r) => roots.push((r.host as Element).id),
    });
    scanner.queue(document.body);
    const later = document.createElement('section');
    later.id = 'later';
    scanner.queue(later);
    expect(seen).toEqual(['top', 'a', 'm', 'p', 'b', 'host', 'in-shadow', 'f', 'c', 'later']);
    expect(roots).toEqual(['host']);
  });

  it('leaves Brushwork’s own layers (the Alt-to-compare original, spinners) and what is in them out of the walk', () => {
    document.body.innerHTML = '<img id="a"><brushwork-compare id="layer"></brushwork-compare><img id="b">';
    const layer = document.getElementById('layer') as HTMLElement;
    layer.attachShadow({ mode: 'open' }).innerHTML = '<img id="original">';
    const seen: string[] = [];
    const scanner = new SlicedScanner({ element: (el) => el.id && seen.push(el.id), shadowRoot: () => {} });
    scanner.queue(document.body);
    scanner.queue(layer); // as page mode queues an added element
    expect(seen).toEqual(['a', 'b']);
  });
});
