// The `keel start` banner's model section: which deployments answer and, when none does, exactly
// how to get one (a first run otherwise fails later with "no healthy deployment").
import type { Deployment, DeploymentCheck } from '../router';

const OLLAMA_URL = 'http://127.0.0.1:11434';

function stateOf(c: DeploymentCheck | undefined, d: Deployment): { up: boolean; text: string } {
  if (!c || c.reachable === undefined)
    return d.provider === 'bedrock' ? { up: false, text: 'not probed (Bedrock; `keel doctor` sends a one-token probe)' } : { up: false, text: 'not probed' };
  if (!c.reachable) return { up: false, text: `unreachable${c.detail ? ` (${c.detail})` : ''}` };
  if (c.servesModel === false) return { up: false, text: `answers, but ${c.detail}` };
  return { up: true, text: c.servesModel ? `answers, serves ${d.model}` : 'answers' };
}

/** Lines for the banner: one per deployment, then the ways to get a model when none answers. */
export function modelBannerLines(deployments: Deployment[], checks: DeploymentCheck[]): string[] {
  const lines = deployments.map((d) => {
    const s = stateOf(checks.find((c) => c.deployment === d.id), d);
    return `  ${s.up ? '✔' : '✖'} ${d.id.padEnd(14)} ${d.provider}:${d.model}  ${s.text}`;
  });
  if (deployments.some((d) => stateOf(checks.find((c) => c.deployment === d.id), d).up)) return lines;
  const ollama = deployments.find((d) => d.provider === 'openai' && d.endpoint?.startsWith(OLLAMA_URL));
  return [
    ...lines,
    '',
    '  No model deployment answers yet, so runs will wait for one. Any of these gives Keel a model:',
    `   - Ollama: install it, then \`ollama serve\` and \`ollama pull ${ollama?.model ?? 'qwen2.5:7b'}\` (the \`${ollama?.id ?? 'ollama'}\` pool in keel.yaml, ${OLLAMA_URL}/v1)`,
    '   - vLLM: set the endpoint of an openai deployment in keel.yaml to your server (e.g. http://gpu-host:8000) and its model name',
    '   - Bedrock: AWS credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_REGION) with access to the bedrock deployment\'s model',
    '  Then `npm run -s keel -- doctor` checks each deployment.',
  ];
}
