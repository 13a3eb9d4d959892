// Request/response types of /api/audit (shared by API and web).
export {};
