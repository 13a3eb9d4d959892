// Request/response types of /api/organizations (shared by API and web).
export {};
