import type { StyleInfo } from '../model/format';

interface Props {
  styles: readonly StyleInfo[];
  selected: string;
  previewUrl: (id: string) => string;
  onSelect: (id: string) => void;
}

/** A radio group of styles, each with a preview rendered by its own model on a generated scene. */
export function StylePicker({ styles, selected, previewUrl, onSelect }: Props) {
  const move = (delta: number) => {
    const i = styles.findIndex((s) => s.id === selected);
    const next = styles[(i + delta + styles.length) % styles.length];
    if (next) onSelect(next.id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') move(-1);
    else return;
    e.preventDefault();
  };
  return (
    <div class="styles" role="radiogroup" aria-label="Style" onKeyDown={onKeyDown}>
      {styles.map((s) => {
        const checked = s.id === selected;
        return (
          <button
            type="button"
            key={s.id}
            class={checked ? 'style selected' : 'style'}
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            data-style={s.id}
            onClick={() => onSelect(s.id)}
          >
            <img src={previewUrl(s.id)} alt="" width={96} height={72} />
            <span class="title">{s.title}</span>
            <span class="artist">
              {s.artist}, {s.year}
            </span>
          </button>
        );
      })}
    </div>
  );
}
