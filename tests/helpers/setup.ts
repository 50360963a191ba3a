import { installI18n } from './i18n';

installI18n();
