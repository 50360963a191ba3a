import { render } from 'preact';
import { Options } from '@/src/ui/Options';
import '@/src/ui/popup.css';

render(<Options />, document.getElementById('app') as HTMLElement);
