import { t } from '../i18n/t';
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
 * The grid scrolls by itself, so the popup keeps its height with many styles.
 */
export function StylePicker({ styles, selected, previewUrl, onSelect }: Props) {
  return (
    <fieldset class="styles">
      <legend class="sr-only">{t('styleLegend')}</legend>
      <div class="style-grid">
        {styles.map((s) => (
          <label
            key={s.id}
            class={s.id === selected ? 'style selected' : 'style'}
            data-style={s.id}
            title={`${s.title} — ${s.artist}, ${s.year}`}
          >
            <input class="sr-only" type="radio" name="style" value={s.id} checked={s.id === selected} onChange={() => onSelect(s.id)} />
            {previewUrl(s.id) ? <img src={previewUrl(s.id)} alt="" width={192} height={144} /> : <span class="no-preview" />}
            <span class="title">{s.title}</span>
            <span class="artist">
              {s.artist}, {s.year}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
