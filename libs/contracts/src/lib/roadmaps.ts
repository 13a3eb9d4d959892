// Request/response types of /api/roadmaps (shared by API and web).
export {};
