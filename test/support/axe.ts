import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, read once; evaluated in each page through the DevTools protocol, so the page's CSP holds. */
let axeSource: string | undefined;
const source = () => (axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** One serious or critical violation, named by the page it was found on, the rule and the element. */
export interface AxeFinding {
  page: string;
  rule: string;
  impact: string;
  target: string;
  summary: string;
}

interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The impacts the accessibility gate fails on. */
const FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe-core (every rule it runs by default: WCAG 2.x A and AA and best practices) on the page's current
 * document and returns its serious and critical violations, one finding per element.
 */
export async function seriousViolations(page: Page, label: string): Promise<AxeFinding[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(source());
  const violations = (await page.evaluate(
    '(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))()',
  )) as AxeResult[];
  return violations
    .filter((v) => v.impact !== null && FAILING.has(v.impact))
    .flatMap((v) =>
      v.nodes.map((n) => ({
        page: label,
        rule: v.id,
        impact: v.impact!,
        target: n.target.map(String).join(' '),
        summary: `${v.help}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ').trim()}` : ''}`,
      })),
    );
}

/** Findings as lines a person can act on: page, impact, rule, element, what is wrong. */
export function formatFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.page}\n  ${f.impact} ${f.rule} at ${f.target}\n  ${f.summary}`).join('\n');
}
