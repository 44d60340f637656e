import { renderMarkdown } from '../../src/http/markdown';

describe('renderMarkdown', () => {
  it('renders headings, lists, emphasis and tables', () => {
    const html = renderMarkdown('# หัวข้อ\n\n- **หนึ่ง**\n- _two_\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h1>หัวข้อ</h1>');
    expect(html).toContain('<strong>หนึ่ง</strong>');
    expect(html).toContain('<em>two</em>');
    expect(html).toContain('<td>1</td>');
  });

  it('aligns table columns with classes, not style attributes (the CSP allows no inline style)', () => {
    const html = renderMarkdown('| a | b | c |\n|:-:|--:|---|\n| 1 | 2 | 3 |');
    expect(html).toContain('<th class="align-center">a</th>');
    expect(html).toContain('<td class="align-right">2</td>');
    expect(html).toContain('<td>3</td>');
    expect(html).not.toContain('style=');
  });

  it('escapes raw HTML, so no script, iframe or event handler gets through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n<iframe src="//x">',
    );
    expect(html).not.toMatch(/<script|<img|<iframe/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'vbscript:x',
    'data:text/html,<b>x</b>',
    'file:///etc/passwd',
    '//evil.example/x',
  ])('refuses the link %s', (url) => {
    const html = renderMarkdown(`[click](${url})`);
    expect(html).not.toContain('<a ');
  });

  it('opens web links in a new tab without opener or referrer', () => {
    const html = renderMarkdown('[OCSC](https://www.ocsc.go.th/)');
    expect(html).toContain(
      '<a href="https://www.ocsc.go.th/" target="_blank" rel="noopener noreferrer">OCSC</a>',
    );
  });

  it('keeps mail and relative links as they are', () => {
    expect(renderMarkdown('[mail](mailto:hr@example.go.th)')).toContain('href="mailto:hr@example.go.th"');
    expect(renderMarkdown('[next](#page-2)')).toContain('<a href="#page-2">next</a>');
  });

  it('lazy-loads images and sends no referrer', () => {
    expect(renderMarkdown('![diagram](https://example.org/a.png)')).toContain(
      '<img src="https://example.org/a.png" alt="diagram" loading="lazy" referrerpolicy="no-referrer">',
    );
  });
});
