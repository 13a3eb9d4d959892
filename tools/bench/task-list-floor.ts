// The task-list benchmark's floor (tools/bench/task-list.ts starts it): a bare Fastify route running the
// API's statement for the benchmarked request, no authentication, no validation, no mapping.
import Fastify from 'fastify';
import pg from 'pg';
import { DISTRICT_PATH, LIST_FILTER, TASK_LIST_PAGE_SQL } from './task-list.sql';

const { DATABASE_URL, FLOOR_ACTION_ID, FLOOR_PORT } = process.env;
if (!DATABASE_URL || !FLOOR_ACTION_ID || !FLOOR_PORT) throw new Error('DATABASE_URL, FLOOR_ACTION_ID and FLOOR_PORT are required');

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
const app = Fastify({ logger: false });
const params = [`${DISTRICT_PATH}%`, FLOOR_ACTION_ID, ...LIST_FILTER.statuses, LIST_FILTER.periodKey];
app.get('/tasks', async () => {
  const { rows } = await pool.query(TASK_LIST_PAGE_SQL, [...params, 50, 0]);
  return { items: rows, total: rows[0]?.total ?? 0, page: 1, pageSize: 50 };
});
process.once('SIGTERM', () => void app.close().then(() => pool.end()));
void app.listen({ port: Number(FLOOR_PORT), host: '127.0.0.1' });
