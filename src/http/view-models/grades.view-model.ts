import type { GradeStatus } from '../../use-cases/ports';

/** The grades page (views/pages/grades.hbs), rendered by src/http/routes/course.routes.ts. */
export interface GradesPage {
  title: string;
  course?: string;
  counts: { status: 'pending' | 'rejected' | 'failing' | 'delivered'; label: string; count: number }[];
  rows: {
    person: string;
    module: string;
    score: number;
    status: GradeStatus;
    statusLabel: string;
    attempts: number;
    lastError?: string;
    cause?: string;
    when: string;
    nextAttempt?: string;
  }[];
}
