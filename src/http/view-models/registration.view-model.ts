/** The registration page (views/pages/registration.hbs), rendered by src/http/routes/registration.ts. */
export interface RegistrationPage {
  title: string;
  action?: string;
  openidConfiguration: string;
  registrationToken: string;
  platform: {
    product: string;
    issuer: string;
    authEndpoint: string;
    tokenEndpoint: string;
    keysetUrl: string;
  };
  tool: { login: string; launch: string; keys: string };
  scopes: string[];
  claims: string;
}
