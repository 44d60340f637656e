import type { FormErrors } from '../form-errors';

/** One certificate a person may download, as the progress and learner record pages list it. */
export type CertificateLinkView = {
  title: string;
  dateText: string;
} & (
  | {
      thHref: string;
      enHref: string;
      /** The Open Badges 3.0 credential, in the page's language (issued with the certificate when first asked for). */
      badgeHref: string;
      withdrawn?: undefined;
    }
  /** Issued and no longer standing: marked, with when and why, and no download; only its public check page. */
  | { withdrawn: WithdrawnView }
);

export interface WithdrawnView {
  /** "ถูกเพิกถอน / Revoked", or that its completion was reversed. */
  label: string;
  /** When. */
  text: string;
  /** An administrator's reason (none for a reversal). */
  reason?: string;
  /** The public check page (outside the session: no ltik on it). */
  checkHref: string;
}

/** The administrators' certificates page (views/pages/certificates.hbs), rendered by certificates.routes.ts. */
export interface CertificatesPage {
  title: string;
  done?: string;
  errors: FormErrors;
  values: {
    organisationTh: string;
    organisationEn: string;
    signatoryName: string;
    signatoryPositionTh: string;
    signatoryPositionEn: string;
  };
  organisationNote?: string;
  signatoryNote: string;
  signatorySet: boolean;
  /** The certificate whose revocation came back with a problem, its reason as typed. */
  revoking?: { publicId: string; reason: string };
  certificates: {
    publicId: string;
    holder: string;
    kind: string;
    title: string;
    issuedText: string;
    status: 'valid' | 'revoked' | 'reversed';
    statusLabel: string;
    verifyHref: string;
    revokeLabel: string;
    canRevoke: boolean;
    reasonError?: { id: string; message: string };
    reason: string;
  }[];
  pager?: import('../pager').PagerView;
}
