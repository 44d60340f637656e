/** The deep-linking-return page (views/pages/deep-linking-return.hbs), rendered by src/http/routes/deep-linking.routes.ts. */
export interface DeepLinkingReturnPage {
  title: string;
  action: string;
  jwt: string;
}
