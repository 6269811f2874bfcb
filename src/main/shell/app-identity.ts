/**
 * Names the operating system knows the app by. They are decided once: the data folder is named
 * after the product name (Electron's userData), and Windows attributes notifications to the
 * installer's Start-menu shortcut by the AppUserModelID, which electron-builder sets from appId.
 * Changing either later would move users' data or silence their notifications;
 * packaging-config.test.ts holds package.json and electron-builder.json5 to these.
 */
export const APP_ID = 'mil.health.triagedesk';
export const PRODUCT_NAME = 'Triage Desk';
