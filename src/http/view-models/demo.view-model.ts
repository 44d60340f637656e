/** The demo page (views/pages/demo.hbs), rendered by src/app.ts. */
export interface DemoPage {
  title: string;
  launchAsLabel: string;
  roles: { role: 'learner' | 'instructor' | 'admin'; label: string; href: string }[];
  containers: { label: string; target: string; newWindow: boolean }[];
  moduleRoles: { role: 'learner' | 'instructor'; label: string; href: string }[];
  moduleLink: string;
  gradebook: { name: string; score: string; progress: string; when: string }[];
}
