// Request/response types of /api/tasks (shared by API and web).
export {};
