/** The deep-linking page (views/pages/deep-linking.hbs), rendered by src/http/routes/deep-linking.routes.ts. */
export interface DeepLinkingPage {
  title: string;
  multiple: boolean;
  filter: { q: string; category: string };
  skillSets: { code: string; name: string; selected: boolean }[];
  categories: { value: string; selected: boolean }[];
  groups: { code: string; name: string; selected: boolean }[];
  modules: { slug: string; title: string; category: 70 | 20 | 10; hours: number; languages: string }[];
  count: number;
}
