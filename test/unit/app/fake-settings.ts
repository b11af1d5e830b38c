import type { AppServices } from '../../../core/app/app-services.js';

/** The app's settings as the unit tests of its use-cases give them (no storage or database behind the names). */
export const fakeSettings: AppServices['settings'] = {
  uploadsContainer: 'uploads',
  reportsContainer: 'reports',
  maxBadRowRatio: 0.001,
  scoring: 'ntile',
  downloadLinkSeconds: 900,
};
