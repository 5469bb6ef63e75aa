// Evaluated once per worker thread before Temporal freezes the workflow sandbox's globals (it is
// a preloaded module: services/worker/bundle-options.ts). Temporal's SDK captures a stack trace for
// every promise workflow code creates (for its stack-trace query) and maps each frame through the
// bundle's source map, which made up most of a workflow task's CPU. Three frames still say where
// a workflow error was thrown; V8's default is ten.
Error.stackTraceLimit = 3;

export {};
