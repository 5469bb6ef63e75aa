export { startDevServer, findTemporalCli, type DevServer, type DevServerOptions } from './dev-server';
