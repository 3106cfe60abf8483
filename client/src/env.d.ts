/** Stylesheets are bundled by esbuild from the entry's imports. */
declare module '*.css';
