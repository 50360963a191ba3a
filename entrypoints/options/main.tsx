import { render } from 'preact';
import { localizeDocument } from '@/src/ui/localize-document';
import { Options } from '@/src/ui/Options';
import '@/src/ui/popup.css';

localizeDocument('optionsTitle');
render(<Options />, document.getElementById('app') as HTMLElement);
