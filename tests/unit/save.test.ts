/**
 * "Save stylized image" names (#30): the picture's own file name or, where its URL has none (a data:
 * picture), the page's title; the extension is the format written, JPEG for a JPEG by path or data: type.
 */
import { describe, expect, it } from 'vitest';
import { saveFileName, saveFormatFor } from '../../src/page/save';

const DATA_JPEG =
  'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/';

describe('save names and formats', () => {
  it('a JPEG is saved as JPEG, by its path or by its data: type; everything else as PNG', () => {
    expect(saveFormatFor('https://site.example/photos/trip.JPG?w=300')).toBe('jpeg');
    expect(saveFormatFor(DATA_JPEG)).toBe('jpeg');
    expect(saveFormatFor('data:image/png;base64,iVBORw0KGgo=')).toBe('png');
    expect(saveFormatFor('https://site.example/a.webp')).toBe('png');
  });

  it('names after the URL’s file name, or the page title when the URL has none, with the matching extension', () => {
    expect(saveFileName('https://site.example/photos/Trip%20day.jpeg', 'udnie', 'jpeg', 'News')).toBe('Trip day-udnie.jpg');
    expect(saveFileName(DATA_JPEG, 'starry-night', 'jpeg', 'My holiday: day 2')).toBe('My holiday- day 2-starry-night.jpg');
    expect(saveFileName('https://site.example/', 'udnie', 'png', '')).toBe('picture-udnie.png');
    expect(saveFileName('blob:https://site.example/8c1f', 'udnie', 'png', 'Feed')).toBe('Feed-udnie.png');
    expect(saveFileName('https://site.example/loop.gif', 'udnie', 'webp', 'Feed')).toBe('loop-udnie.webp'); // an animation: its painted animated WebP (#27)
  });
});
