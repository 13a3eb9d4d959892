// Weekly indicators: framework-free pieces shared by the API, the worker, the demo seed and the benchmarks.
// compute/ — the set-based weekly computation (snapshots, rollups, indicator task statuses).
// weekly-sheet/ — the district sheet layout, its CSV/XLSX parsing, row validation and the set-based upsert.
export {};
