import { t } from '../i18n/t';

interface Props {
  value: number;
  onInput: (value: number) => void;
}

/** Intensity 0–100 %: 0 shows the original, 100 the full style. Re-blends live, without re-running the model. */
export function IntensitySlider({ value, onInput }: Props) {
  const percent = Math.round(value * 100);
  return (
    <label class="row slider">
      <span>{t('intensityLabel')}</span>
      <input
        type="range"
        min={0}
        max={100}
        step={5}
        value={percent}
        aria-valuetext={t('intensityValue', percent)}
        onInput={(e) => onInput(Number((e.target as HTMLInputElement).value) / 100)}
      />
      <output>{percent}%</output>
    </label>
  );
}
