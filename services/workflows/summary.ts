// One line about a valid definition: its name and how many steps of each kind it has.
import { STEP_KINDS, type Step, type StepKind, type WorkflowDefinition } from './definition';

export function stepCounts(def: WorkflowDefinition): Map<StepKind, number> {
  const counts = new Map<StepKind, number>();
  const visit = (steps: Step[]) => {
    for (const step of steps) {
      counts.set(step.kind, (counts.get(step.kind) ?? 0) + 1);
      if (step.kind === 'branch') {
        for (const c of step.cases) visit(c.steps);
        if (step.else) visit(step.else);
      } else if (step.kind === 'parallel') Object.values(step.branches).forEach(visit);
      else if (step.kind === 'map') visit(step.steps);
      if (step.onError && 'compensate' in step.onError) visit(step.onError.compensate);
    }
  };
  visit(def.steps);
  return counts;
}

/** `support-ticket-triage: valid, 7 steps (llm 2, retrieve 1, tool 1, branch 1, set 2), 1 schedule` */
export function summarizeDefinition(def: WorkflowDefinition): string {
  const counts = stepCounts(def);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const kinds = STEP_KINDS.filter((k) => counts.has(k)).map((k) => `${k} ${counts.get(k)}`).join(', ');
  const schedules = def.schedules.length ? `, ${def.schedules.length} schedule${def.schedules.length > 1 ? 's' : ''}` : '';
  return `${def.name}: valid, ${total} step${total === 1 ? '' : 's'} (${kinds})${schedules}`;
}
