/** The registration-done page (views/pages/registration-done.hbs), rendered by src/http/routes/registration.ts. */
export interface RegistrationDonePage {
  title: string;
  issuer: string;
  clientId: string;
  deploymentId?: string;
}
