/**
 * Which of the app's icon files the window and the notifications are given. src/main/index.ts
 * imports them from resources/ (rendered from resources/icon.svg by scripts/make-icons.mjs) with
 * electron-vite's `?asset&asarUnpack`: resources/ is electron-vite's public folder for main, so the
 * import becomes a path from the bundle (out/main/) to the file, not a copy. Under `npm start` that
 * is the project's resources/; packaged, electron-builder puts resources/ in app.asar and unpacks it
 * (electron-builder.json5), and the import's path says app.asar.unpacked, a real folder: Windows
 * opens a window's .ico by its path, past Electron's asar reader.
 */
export interface IconFiles {
  /** 512 px PNG. */
  png: string;
  /** 16 to 256 px in one file: Windows picks the size the taskbar and the title bar need. */
  ico: string;
  /** 128 px PNG: a notification shows its icon at 48 px or less, so the big one is wasted there. */
  notificationPng: string;
}

export interface AppIcons {
  /** BrowserWindow's `icon`; undefined where the platform ignores it. */
  window: string | undefined;
  /** Notification's `icon`; undefined where the platform shows the app's own. */
  notification: string | undefined;
}

export function appIcons(platform: NodeJS.Platform, files: IconFiles): AppIcons {
  // macOS takes both from the app bundle (electron-builder's icon.icns). A notification's `icon`
  // there would be a second picture beside the app's, not the app's.
  if (platform === 'darwin') return { window: undefined, notification: undefined };
  // Without it, Linux shows Electron's icon for the window (the .deb's desktop entry only names
  // the installed one), and so does Windows under `npm start`.
  return { window: platform === 'win32' ? files.ico : files.png, notification: files.notificationPng };
}
