export { startDevServer, findTemporalCli, devServerArgs, DEV_SERVER_DYNAMIC_CONFIG, type DevServer, type DevServerOptions } from './dev-server';
