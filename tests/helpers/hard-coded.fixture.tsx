// Control input for tests/unit/i18n.test.ts: four strings a person would read, and things that are not prose.
export const css = '0 0 2px rgba(0,0,0,.5)';
export const shown = 'This image could not be read';
// A reason shown after "Brushwork leaves this image as it is: " — lower case, and still prose.
export const why = 'animated picture: left as it is (a reason)';
export function View(props: { broken?: boolean }) {
  if (props.broken) throw new Error('Only for the console, never shown');
  return (
    <p class="hint">
      Hello there
      <img alt="A red barn" src="/x.png" />
    </p>
  );
}
