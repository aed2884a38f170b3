// The names of the viewer's two themes, apart from theme.ts so that DOM-free modules (colours,
// SVG) and their Node tests can name a theme without the browser's globals.

export type Theme = 'light' | 'dark';
