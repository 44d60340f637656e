import {
  checkModule,
  videoEmbed,
  type MappingTargets,
  type ModuleContent,
} from '../../src/domain/catalogue/learning-module';

const b = (s: string) => ({ th: s, en: s });
const targets: MappingTargets = {
  skillSets: new Set(['DL', 'DG', 'DT']),
  areas: new Map([
    ['DL-COMPUTER', 'DL'],
    ['DL-SECURITY', 'DL'],
  ]),
};
const draft = (over: Partial<ModuleContent> = {}): ModuleContent => ({
  title: b('t'),
  summary: b('s'),
  category: 70,
  estimatedHours: 2,
  completionRule: { kind: 'pages-and-quiz', passPercent: 70 },
  pages: [{ title: b('p'), body: b('# body') }],
  videos: [],
  attachments: [],
  quiz: {
    questions: [
      {
        kind: 'single',
        prompt: b('q'),
        options: [
          { text: b('a'), correct: true, feedback: b('f') },
          { text: b('b'), correct: false, feedback: b('f') },
        ],
      },
    ],
  },
  mappings: [
    { skillSet: 'DL', area: 'DL-COMPUTER', hours: 1.5 },
    { skillSet: 'DG', hours: 0.5 },
  ],
  ...over,
});
const codes = (m: ModuleContent, forPublishing = false) =>
  checkModule(m, targets, { forPublishing }).map((p) => `${p.field}:${p.code}`);

describe('module rules', () => {
  it('accepts a complete module whose mapped hours equal its hours', () => {
    expect(codes(draft())).toEqual([]);
  });

  it.each<[string, Partial<ModuleContent>, string[]]>([
    [
      'mapped hours above the module hours',
      {
        mappings: [
          { skillSet: 'DL', hours: 1.5 },
          { skillSet: 'DG', hours: 0.75 },
        ],
      },
      ['mappings:MAPPING_HOURS_EXCEED_MODULE'],
    ],
    [
      'an unknown skill set',
      { mappings: [{ skillSet: 'XX', hours: 1 }] },
      ['mappings.0.skillSet:UNKNOWN_SKILL_SET'],
    ],
    [
      'an area of another skill set',
      { mappings: [{ skillSet: 'DG', area: 'DL-COMPUTER', hours: 1 }] },
      ['mappings.0.area:AREA_OF_OTHER_SKILL_SET'],
    ],
    [
      'an unknown area',
      { mappings: [{ skillSet: 'DL', area: 'DL-NOPE', hours: 1 }] },
      ['mappings.0.area:UNKNOWN_AREA'],
    ],
    [
      'zero hours on a mapping',
      { mappings: [{ skillSet: 'DL', hours: 0 }] },
      ['mappings.0.hours:MAPPING_HOURS_NOT_POSITIVE'],
    ],
    [
      'the same skill set twice',
      {
        mappings: [
          { skillSet: 'DG', hours: 0.5 },
          { skillSet: 'DG', hours: 0.5 },
        ],
      },
      ['mappings.1:DUPLICATE_MAPPING'],
    ],
    ['no pages for a page-based rule', { pages: [] }, ['pages:NO_PAGES']],
    ['a quiz rule without a quiz', { quiz: undefined }, ['quiz:QUIZ_REQUIRED']],
    [
      'a pass mark of 0',
      { completionRule: { kind: 'quiz', passPercent: 0 } },
      ['completionRule.passPercent:PASS_PERCENT_OUT_OF_RANGE'],
    ],
    ['hours of 0', { estimatedHours: 0, mappings: [] }, ['estimatedHours:HOURS_OUT_OF_RANGE']],
    [
      'an unsupported video host',
      { videos: [{ url: 'https://example.com/v', title: b('v') }] },
      ['videos.0.url:UNSUPPORTED_VIDEO'],
    ],
  ])('rejects %s', (_name, over, expected) => {
    expect(codes(draft(over))).toEqual(expected);
  });

  it('checks that single-choice questions have one correct option and multiple-choice at least two', () => {
    const o = (correct: boolean) => ({ text: b('o'), correct, feedback: b('f') });
    const m = draft({
      quiz: {
        questions: [
          { kind: 'single', prompt: b('q'), options: [o(true), o(true)] },
          { kind: 'multiple', prompt: b('q'), options: [o(true), o(false)] },
          { kind: 'single', prompt: b('q'), options: [o(true)] },
        ],
      },
    });
    expect(codes(m)).toEqual([
      'quiz.questions.0.options:SINGLE_NEEDS_ONE_CORRECT',
      'quiz.questions.1.options:MULTIPLE_NEEDS_TWO_CORRECT',
      'quiz.questions.2.options:TOO_FEW_OPTIONS',
    ]);
  });

  it('a draft may be unmapped; a published module may not', () => {
    expect(codes(draft({ mappings: [] }))).toEqual([]);
    expect(codes(draft({ mappings: [] }), true)).toEqual(['mappings:NO_MAPPING']);
  });

  it('tolerates floating-point sums (0.1 + 0.2 hours fit in 0.3)', () => {
    expect(
      codes(
        draft({
          estimatedHours: 0.3,
          mappings: [
            { skillSet: 'DL', hours: 0.1 },
            { skillSet: 'DG', hours: 0.2 },
          ],
        }),
      ),
    ).toEqual([]);
  });
});

describe('video embeds', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871'],
  ])('%s embeds as %s', (url, embedUrl) => {
    expect(videoEmbed(url)).toMatchObject({ embedUrl });
  });

  it('plays MP4 files directly and refuses http, other hosts and script URLs', () => {
    expect(videoEmbed('https://cdn.example.go.th/clip.mp4')).toEqual({
      kind: 'mp4',
      src: 'https://cdn.example.go.th/clip.mp4',
    });
    expect(videoEmbed('http://www.youtube.com/watch?v=dQw4w9WgXcQ')).toBeUndefined();
    expect(videoEmbed('javascript:alert(1)')).toBeUndefined();
    expect(videoEmbed('https://example.com/watch?v=dQw4w9WgXcQ')).toBeUndefined();
  });
});
