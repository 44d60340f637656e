import type { FormErrors } from '../form-errors';

/** The content-managers page (views/pages/content-managers.hbs), rendered by src/http/routes/content-managers.routes.ts. */
export interface ContentManagersPage {
  title: string;
  done?: string;
  q: string;
  errors: FormErrors;
  managers: {
    namedAt: Date;
    personId: number;
    name?: string;
    email?: string;
    withheld: boolean;
    platformUserId: string;
  }[];
  candidates: {
    personId: number;
    name?: string;
    email?: string;
    withheld: boolean;
    platformUserId: string;
  }[];
  more: boolean;
}
