// A `.sql` file imported as its text: wrangler.toml's [[rules]] type "Text" bundles it so.
declare module '*.sql' {
  const text: string;
  export default text;
}
