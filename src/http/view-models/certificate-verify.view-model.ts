/** The public verification page (views/pages/certificate-verify.hbs), rendered by certificates.routes.ts. */
export interface CertificateVerifyPage {
  title: string;
  /** Absent: no certificate has this id (404). */
  certificate?: {
    valid: boolean;
    /** Why it no longer stands, worded, with its date. */
    revokedText?: string;
    reason?: string;
    kind: string;
    holder: string;
    title: string;
    organisation: string;
    hours: string;
    skillSets: string[];
    onText: string;
    issuedText: string;
    /** The Open Badges 3.0 credential of the certificate: its file, its JSON, and where to check it. */
    badge: { downloadHref: string; jsonHref: string; verifyHref: string; keysHref?: string };
  };
  disclaimer: string;
}
