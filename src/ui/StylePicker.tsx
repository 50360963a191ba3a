import type { StyleInfo } from '../shared/catalog';

interface Props {
  styles: readonly StyleInfo[];
  selected: string;
  previewUrl: (id: string) => string;
  onSelect: (id: string) => void;
}

/**
 * Native radio buttons (arrow keys, screen readers and focus come for free),
 * each showing a preview rendered by that style's own model on a generated scene.
 */
export function StylePicker({ styles, selected, previewUrl, onSelect }: Props) {
  return (
    <fieldset class="styles">
      <legend class="sr-only">Style</legend>
      {styles.map((s) => (
        <label key={s.id} class={s.id === selected ? 'style selected' : 'style'} data-style={s.id}>
          <input class="sr-only" type="radio" name="style" value={s.id} checked={s.id === selected} onChange={() => onSelect(s.id)} />
          <img src={previewUrl(s.id)} alt="" width={96} height={72} />
          <span class="title">{s.title}</span>
          <span class="artist">
            {s.artist}, {s.year}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
