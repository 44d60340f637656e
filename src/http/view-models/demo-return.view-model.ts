/**
 * The demo LMS's answer to the tool's Deep Linking response (views/pages/demo-return.hbs): what was placed, or
 * why the response was refused. Shown in the frame or window the "Select content" launch ran in.
 */
export interface DemoReturnPage {
  title: string;
  accepted: boolean;
  /** The outcome in a sentence. */
  message: string;
  /** Why it was refused (accepted: false). */
  reason?: string;
  /** The tool's own message (Deep Linking `msg`), shown as the tool wrote it. */
  toolMessage?: string;
  placed: { title: string; module: string }[];
  /** The demo page, to go back to (static/demo-return.js reloads it in the top window or the opener). */
  backHref: string;
}
