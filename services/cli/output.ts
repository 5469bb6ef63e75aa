// Terminal output helpers shared by the commands.
export const printJson = (v: unknown) => console.log(JSON.stringify(v, null, 2));

/** One line per run event, as `keel run` prints them while following. */
export function formatEvent(event: string, data: Record<string, any>): string | undefined {
  switch (event) {
    case 'run.started':
      return `▶ run started (${data.agent} v${data.version})`;
    case 'step.started':
      return data.kind === 'model' ? `  step ${data.step}: calling the model…` : undefined;
    case 'step.finished':
      if (data.error) return `  step ${data.step}: model failed: ${data.error}`;
      return data.toolCalls?.length
        ? `  step ${data.step}: model asked for ${data.toolCalls.map((c: { name: string }) => c.name).join(', ')}`
        : `  step ${data.step}: model answered (${data.usage?.totalTokens ?? '?'} tokens)`;
    case 'tool.call':
      return `  step ${data.step}: ${data.server}/${data.tool} ${JSON.stringify(data.arguments)}`;
    case 'tool.result':
      return `  step ${data.step}: ${data.isError ? 'error' : 'result'}: ${String(data.preview ?? '').slice(0, 200)}`;
    case 'approval.needed':
      return `⏸ approval needed for ${data.server}/${data.tool} ${JSON.stringify(data.arguments)} — keel approve <run> --tool-call ${data.toolCallId} [--reject]`;
    case 'approval.decided':
      return `  ${data.decision} ${data.toolCallId}${data.reason ? `: ${data.reason}` : ''}`;
    case 'run.finished':
      return `✔ finished\n${data.output ?? ''}`;
    case 'run.failed':
      return `✖ ${data.status}${data.limit ? ` (${data.limit})` : ''}${data.error ? `: ${data.error.message}` : ''}`;
    default:
      return undefined;
  }
}
