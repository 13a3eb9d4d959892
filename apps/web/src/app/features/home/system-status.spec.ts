import { HealthCheckResponse, toSystemStatus } from './system-status';

describe('toSystemStatus', () => {
  const at = new Date('2025-09-01T09:00:00Z');

  it('reports every monitored service as up', () => {
    const response: HealthCheckResponse = {
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' }, redis: { status: 'up' } },
    };

    expect(toSystemStatus(response, at)).toEqual({
      services: [
        { key: 'database', label: 'База данных', up: true },
        { key: 'redis', label: 'Очереди задач (Redis)', up: true },
      ],
      allUp: true,
      checkedAt: at,
    });
  });

  it('reports a failing or missing indicator as down', () => {
    const response: HealthCheckResponse = {
      status: 'error',
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down', message: 'connect ECONNREFUSED' } },
      details: { database: { status: 'up' }, redis: { status: 'down' } },
    };

    expect(toSystemStatus(response, at).services.map((s) => [s.key, s.up])).toEqual([
      ['database', true],
      ['redis', false],
    ]);
    expect(toSystemStatus({ status: 'ok', details: {} }, at).allUp).toBe(false);
  });
});
