// Request/response types of /api/users (shared by API and web).
export {};
