// electron-vite's module types for the main process: `import file from './x.png?asset'` is the
// path of the build's copy of x.png (src/main/window/app-icon.ts says how it is used).
/// <reference types="electron-vite/node" />
