import type { Job } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { JobName } from '@karta/jobs';
import type { AuditLog } from '@karta/server-core';
import { FixedClock } from '@karta/server-setup';
import { TaskMaterializationService } from './task-materialization.service';
import { TasksProcessor } from './tasks.processor';

const materializeTasks = jest.fn();
jest.mock('@karta/server-setup', () => ({ ...jest.requireActual('@karta/server-setup'), materializeTasks: (...args: unknown[]) => materializeTasks(...args) }));

describe('task materialization in the worker', () => {
  const manager = {} as EntityManager;
  const dataSource = { transaction: (work: (m: EntityManager) => unknown) => work(manager) } as unknown as DataSource;
  const audit = { record: jest.fn() } as unknown as AuditLog;

  beforeEach(() => materializeTasks.mockReset().mockResolvedValue({ created: 3, cancelled: 1, rescheduled: 0, roadmaps: 1, invalidSchedules: [] }));

  it('uses today in Moscow from the injected clock, not the machine clock', async () => {
    // 21:30 UTC on 31 August is already 1 September in Moscow.
    const service = new TaskMaterializationService(dataSource, audit, new FixedClock(new Date('2025-08-31T21:30:00Z')));
    await service.materialize('roadmap-1');
    expect(materializeTasks).toHaveBeenCalledWith(manager, { today: '2025-09-01', roadmapId: 'roadmap-1' }, expect.any(Function));
  });

  it('processes tasks.materialize jobs and rejects unknown ones', async () => {
    const service = new TaskMaterializationService(dataSource, audit, new FixedClock(new Date('2025-09-10T09:00:00Z')));
    const processor = new TasksProcessor(service);
    await expect(processor.process({ name: JobName.TasksMaterialize, data: {} } as Job)).resolves.toMatchObject({ created: 3, cancelled: 1 });
    expect(materializeTasks).toHaveBeenCalledWith(manager, { today: '2025-09-10', roadmapId: undefined }, expect.any(Function));
    await expect(processor.process({ name: 'tasks.unknown', data: {} } as Job)).rejects.toThrow('Unknown job tasks.unknown');
  });
});
