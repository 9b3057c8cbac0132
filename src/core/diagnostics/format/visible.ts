/**
 * Characters a terminal or a log viewer would act on instead of showing: C0 and C1 controls
 * (ESC starts colour, cursor and title sequences; CR and LF start forged lines), DEL, and the
 * bidirectional controls that reorder what is shown. File names and file contents are the
 * repository's, so anything a formatter prints from them passes through `visible`.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text with every unsafe character written as an escape a reader can see: ESC as `\x1b`. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
