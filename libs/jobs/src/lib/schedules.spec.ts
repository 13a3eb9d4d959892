import { JobName, QUEUE_OF_JOB, QueueName, TASKS_MATERIALIZE_DEDUPLICATION_ID, tasksMaterializeDeduplicationId } from './queues';
import { RECURRING_JOBS } from './schedules';

describe('job contract', () => {
  it('assigns every job to a queue', () => {
    expect(Object.keys(QUEUE_OF_JOB).sort()).toEqual(Object.values(JobName).sort());
  });

  it('materializes tasks daily at 00:30 Moscow time on the tasks queue', () => {
    const daily = RECURRING_JOBS.find((job) => job.job === JobName.TasksMaterialize);
    expect(daily).toMatchObject({ cron: '30 0 * * *', payload: {} });
    expect(QUEUE_OF_JOB[JobName.TasksMaterialize]).toBe(QueueName.Tasks);
  });

  it('enqueues lost weekly imports again every 5 minutes on the imports queue', () => {
    const requeue = RECURRING_JOBS.find((job) => job.job === JobName.IndicatorsImportRequeue);
    expect(requeue).toMatchObject({ cron: '*/5 * * * *', payload: { olderThanMinutes: 2 } });
    expect(QUEUE_OF_JOB[JobName.IndicatorsImportRequeue]).toBe(QueueName.Imports);
  });

  it('de-duplicates materialization per roadmap and for the whole database', () => {
    expect(tasksMaterializeDeduplicationId()).toBe(TASKS_MATERIALIZE_DEDUPLICATION_ID);
    expect(tasksMaterializeDeduplicationId('r1')).toBe('tasks.materialize:r1');
  });

  it('gives every recurring job a unique id and a five-field cron pattern', () => {
    const ids = RECURRING_JOBS.map((job) => job.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const job of RECURRING_JOBS) {
      expect(job.cron.split(' ')).toHaveLength(5);
    }
  });
});
