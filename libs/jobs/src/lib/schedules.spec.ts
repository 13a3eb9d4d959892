import { JobName, QUEUE_OF_JOB } from './queues';
import { RECURRING_JOBS } from './schedules';

describe('job contract', () => {
  it('assigns every job to a queue', () => {
    expect(Object.keys(QUEUE_OF_JOB).sort()).toEqual(Object.values(JobName).sort());
  });

  it('gives every recurring job a unique id and a five-field cron pattern', () => {
    const ids = RECURRING_JOBS.map((job) => job.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const job of RECURRING_JOBS) {
      expect(job.cron.split(' ')).toHaveLength(5);
    }
  });
});
