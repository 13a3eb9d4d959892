// Weekly indicators: framework-free pieces shared by the API, the worker, the demo seed and the benchmarks.
export * from './lib/compute';
export * from './lib/weekly-sheet';
