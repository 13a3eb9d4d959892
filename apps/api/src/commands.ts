import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions, pendingSchemaChanges, runMigrations } from '@karta/db';
import type { Env } from '@karta/server-config';
import { createAdmin, DEMO_PASSWORD, seedDemoData } from '@karta/server-setup';

/** Maintenance commands of the API binary: `node main.js <command>`. */
export const COMMANDS: Record<string, (env: Env, args: string[]) => Promise<number>> = {
  migrate: (env) =>
    withDataSource(env, async (dataSource) => {
      const applied = await runMigrations(dataSource);
      print(applied.length ? `Applied migrations: ${applied.map((m) => m.name).join(', ')}` : 'Database schema is up to date');
      return 0;
    }),

  'migration:check': (env) =>
    withDataSource(env, async (dataSource) => {
      await runMigrations(dataSource);
      const pending = await pendingSchemaChanges(dataSource);
      if (!pending.length) {
        print('Migrations match the entities');
        return 0;
      }
      print(`Entities changed without a migration (run npm run db:generate -- <Name>):\n${pending.join(';\n')}`);
      return 1;
    }),

  'seed-demo': (env) =>
    withDataSource(env, async (dataSource) => {
      if (!env.DEMO_MODE) {
        print('Demo data is loaded only with DEMO_MODE=true');
        return 1;
      }
      const result = await seedDemoData(dataSource);
      print(result.seeded ? `Demo data loaded. Accounts (password ${DEMO_PASSWORD}): ${result.accounts.map((a) => a.email).join(', ')}` : 'Database already has users; demo data not loaded');
      return 0;
    }),

  'create-admin': (env, args) =>
    withDataSource(env, async (dataSource) => {
      const { values } = parseArgs({
        args,
        options: { email: { type: 'string' }, name: { type: 'string' }, 'org-code': { type: 'string' }, 'org-name': { type: 'string' } },
        strict: true,
      });
      if (!values.email || !values.name) {
        print('Usage: create-admin --email <e-mail> --name "<full name>" [--org-code <code> --org-name "<root organization>"]');
        return 1;
      }
      const rootOrganization = values['org-code'] && values['org-name'] ? { code: values['org-code'], name: values['org-name'] } : undefined;
      const admin = await createAdmin(dataSource, { email: values.email, fullName: values.name, rootOrganization });
      print(`Administrator ${admin.email} created. One-time password: ${admin.password}\nSign in and change it.`);
      return 0;
    }),
};

async function withDataSource(env: Env, work: (dataSource: DataSource) => Promise<number>): Promise<number> {
  const dataSource = await new DataSource(dataSourceOptions(env.DATABASE_URL, 'karta-cli')).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
