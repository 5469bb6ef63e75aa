// keel workflows validate FILE: checks a workflow definition offline (no API call).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatValidationError, summarizeDefinition, validateDefinitionText } from '../../workflows';
import { CliError } from '../client';

export function registerWorkflowCommands(program: Command) {
  const workflows = program.command('workflows').description('workflow definitions');

  workflows
    .command('validate <file>')
    .description('check a workflow definition (YAML or JSON) offline: every error with its path, step and line:column')
    .action((file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const result = validateDefinitionText(text);
      if (result.ok) {
        console.log(summarizeDefinition(result.definition));
        return;
      }
      for (const error of result.errors) process.stderr.write(`${formatValidationError(error)}\n`);
      process.stderr.write(`${file}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}\n`);
      process.exitCode = 1;
    });
}
