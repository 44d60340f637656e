/** The public check of a digital badge (views/pages/badge-verify.hbs), rendered by open-badges.routes.ts. */
export interface BadgeVerifyPage {
  title: string;
  /** What was pasted, shown back in the form. */
  credential: string;
  /** Why nothing was checked (a body past the limit). */
  error?: string;
  /** Absent before a check. */
  result?: {
    valid: boolean;
    checks: Array<{
      label: string;
      result: 'passed' | 'failed' | 'skipped';
      resultText: string;
      problem?: string;
    }>;
    says: Array<{ label: string; value: string }>;
  };
}
