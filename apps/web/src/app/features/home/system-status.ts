/**
 * `GET /api/health` as @nestjs/terminus answers it: 200 with `status: 'ok'` when every indicator is up,
 * 503 with the same shape and `status: 'error'` otherwise.
 */
export interface HealthCheckResponse {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, HealthIndicator>;
  error?: Record<string, HealthIndicator>;
  details: Record<string, HealthIndicator>;
}

export interface HealthIndicator {
  status: 'up' | 'down' | string;
  message?: string;
}

export interface ServiceStatus {
  key: string;
  label: string;
  up: boolean;
}

export interface SystemStatus {
  services: ServiceStatus[];
  allUp: boolean;
  checkedAt: Date;
}

/** The services the home page reports on, in this order. */
export const MONITORED_SERVICES: readonly { key: string; label: string }[] = [
  { key: 'database', label: 'База данных' },
  { key: 'redis', label: 'Очереди задач (Redis)' },
];

export function toSystemStatus(response: HealthCheckResponse, checkedAt: Date): SystemStatus {
  const indicators = { ...response.info, ...response.error, ...response.details };
  const services = MONITORED_SERVICES.map(({ key, label }) => ({
    key,
    label,
    up: indicators[key]?.status === 'up',
  }));
  return { services, allUp: services.every((s) => s.up), checkedAt };
}

export function isHealthCheckResponse(body: unknown): body is HealthCheckResponse {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<HealthCheckResponse>).status === 'string' &&
    typeof (body as Partial<HealthCheckResponse>).details === 'object'
  );
}
