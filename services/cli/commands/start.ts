// keel start: the whole platform in one process tree until Ctrl-C.
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { modelBannerLines, startEmbeddedPlatform } from '../../platform';

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description('run Temporal (embedded dev server unless TEMPORAL_ADDRESS is set), the worker and the API')
    .action(async () => {
      const loaded = loadConfig();
      const log = (m: string) => console.log(`[keel] ${m}`);
      log(`config: ${loaded.file ?? 'defaults (no keel.yaml)'}`);
      const platform = await startEmbeddedPlatform(loaded, log);
      for (const e of platform.examples) log(`example agent ${e.name} v${e.version}${e.created ? ' registered' : ''}`);
      for (const e of platform.exampleWorkflows.loaded) log(`example workflow ${e.name} v${e.version}${e.created ? ' registered' : ''}`);
      for (const r of platform.exampleWorkflows.refused) {
        log(`example workflow ${r.file} not registered (start continues): ${r.errors.join('; ')}`);
      }
      if (platform.exampleWorkflows.refused.some((r) => r.errors.some((e) => e.includes('unknown collection "handbook"')))) {
        log('  fill the handbook collection (npm run -s keel -- ingest examples/docs --collection handbook), then restart or run npm run -s keel -- workflows register examples/workflows/FILE');
      }
      console.log('');
      console.log(`  Keel API      ${platform.apiUrl}   (OpenAPI: ${platform.apiUrl}/openapi.json)`);
      console.log(`  Console       ${platform.apiUrl}/console/   (log in with the API key below)`);
      console.log(`  Temporal      ${platform.temporalAddress}${platform.temporalUiUrl ? `   UI: ${platform.temporalUiUrl}` : ''}`);
      console.log(`  API key       ${platform.apiKey}   (tenant "default"; the CLI reads it from the data dir)`);
      console.log('  Models');
      for (const line of modelBannerLines(loaded.config.router.deployments, platform.models)) console.log(line);
      console.log('');
      console.log('  Try: npm run -s keel -- agents list     Ctrl-C stops everything.');

      await new Promise<void>((resolve) => {
        let stopping = false;
        const onSignal = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log(`${signal}: stopping the API, the worker and Temporal…`);
          platform.stop().then(resolve, resolve);
        };
        process.on('SIGINT', () => onSignal('SIGINT'));
        process.on('SIGTERM', () => onSignal('SIGTERM'));
      });
      log('stopped');
    });
}
