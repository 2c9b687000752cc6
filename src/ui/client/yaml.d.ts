// The tutorials' manifests, bundled as text by esbuild's text loader (scripts/build-ui.ts).
declare module '*.yaml' {
  const text: string;
  export default text;
}
