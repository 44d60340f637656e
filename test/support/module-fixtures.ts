import fs from 'node:fs';
import path from 'node:path';

interface FileModule {
  slug: string;
  pages: unknown[];
  estimatedHours: number;
  title: { th: string; en: string };
  quiz?: { questions: Array<{ options: Array<{ correct: boolean }> }> };
}

/** A shipped sample module as its file says, to build answers and expectations from. */
export function sampleModule(slug: string): FileModule {
  const file = path.join(__dirname, '..', '..', 'config', 'catalogue', 'modules', `${slug}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FileModule;
}

/** Form fields answering every question of a module's quiz right (or with the first option, when wrong). */
export function quizAnswers(m: FileModule, right = true): string {
  const params = new URLSearchParams();
  m.quiz!.questions.forEach((q, i) => {
    const picks = right
      ? q.options.flatMap((o, j) => (o.correct ? [j] : []))
      : [q.options.findIndex((o) => !o.correct)];
    for (const j of picks) params.append(`q${i}`, String(j));
  });
  return params.toString();
}
