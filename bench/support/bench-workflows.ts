// The benchmark worker's workflows: Keel's own and the `workflow` benchmark's hand-written one.
export * from '../../workflows';
export { HandwrittenFiveStepWorkflow } from './handwritten-workflow';
