/** The demo page (views/pages/demo.hbs), rendered by src/http/routes/demo.routes.ts. */
export interface DemoPage {
  title: string;
  launchAsLabel: string;
  roles: { role: 'learner' | 'instructor' | 'admin'; label: string; href: string }[];
  containers: { label: string; target: string; newWindow: boolean }[];
  /** The tool's origin: the only sender whose `lti.frameResize` messages size the frame. */
  toolOrigin: string;
  moduleRoles: { role: 'learner' | 'instructor'; label: string; href: string }[];
  moduleLink: string;
  /** "Select content" (Deep Linking) as the demo instructor, in the page's frame and in a new window. */
  selectContent: { label: string; href: string; target: string; newWindow: boolean }[];
  /** What the last action did (activities placed, one removed), said once after it. */
  notice?: string;
  placed: {
    id: string;
    title: string;
    module: string;
    /** The launch of the activity per role, each with the activity's name for screen readers. */
    launches: { role: 'learner' | 'instructor'; label: string; href: string }[];
  }[];
  /** The language the remove form comes back in. */
  lang: 'th' | 'en';
  gradebook: { activity: string; name: string; score: string; progress: string; when: string }[];
}
