import { render } from 'preact';
import { localizeDocument } from '@/src/ui/localize-document';
import { Popup } from '@/src/ui/Popup';
import '@/src/ui/popup.css';

localizeDocument('extName');
render(<Popup />, document.getElementById('app') as HTMLElement);
