import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '@karta/db';

// A fixed key shared by every test process that may build the template at the same time.
const TEMPLATE_LOCK_KEY = 7_600_803;

/** The PostgreSQL server tests run against; `npm test` sets DATABASE_URL to it. */
export function testServerUrl(): string {
  return process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Named after the migrations it contains, so a new migration gets a new template automatically. */
function templateName(): string {
  const digest = createHash('sha1')
    .update(MIGRATIONS.map((migration) => migration.name).join(','))
    .digest('hex')
    .slice(0, 12);
  return `karta_tpl_${digest}`;
}

async function ensureTemplate(client: Client): Promise<string> {
  const template = templateName();
  await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (rowCount) return template;
    const building = `${template}_building`;
    await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${building}"`);
    const dataSource = await new DataSource(dataSourceOptions(withDatabase(testServerUrl(), building), 'karta-test-template')).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    // Renamed only once complete, so a crash never leaves a half-migrated template behind.
    await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    return template;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, fully migrated database for one test suite, cloned from a template in milliseconds. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `karta_t_${randomBytes(6).toString('hex')}`;
  await withAdminClient(async (client) => {
    const template = await ensureTemplate(client);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  });
  return {
    name,
    url: withDatabase(testServerUrl(), name),
    drop: () => withAdminClient(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
