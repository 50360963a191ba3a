import { render } from 'preact';
import { localizeDocument } from '@/src/ui/localize-document';
import { Privacy } from '@/src/ui/Privacy';
import '@/src/ui/popup.css';

localizeDocument('privacyTitle');
render(<Privacy />, document.getElementById('app') as HTMLElement);
