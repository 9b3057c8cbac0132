/** The CommonMark spec's examples (the commonmark-spec package ships no types). */
declare module 'commonmark-spec' {
  export interface SpecExample {
    markdown: string;
    html: string;
    section: string;
    number: number;
  }
  const spec: { text: string; tests: SpecExample[] };
  export default spec;
}
