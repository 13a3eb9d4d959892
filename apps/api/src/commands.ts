import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions, pendingSchemaChanges, runMigrations } from '@karta/db';
import type { Env } from '@karta/server-config';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName, tasksMaterializeDeduplicationId } from '@karta/jobs';
import { commandLineAuditSink, createAdmin, DEMO_PASSWORD, importRoadmap, parseRoadmapFile, seedDemoData } from '@karta/server-setup';
import { Queue } from 'bullmq';
import { redisOptions } from '@karta/server-core';
import { computeIndicatorWeeks } from '@karta/server-indicators';
import { roadmapFilePath } from './roadmap-files';

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
      const roadmapYaml = readFileSync(roadmapFilePath('order-76.yaml'), 'utf8');
      const now = new Date();
      const result = await seedDemoData(dataSource, { roadmapYaml, now });
      if (!result.seeded) {
        print('Database already has users; demo data not loaded');
        return 0;
      }
      if (result.weeklyReports) {
        // The indicators of every demo week, so the dashboard and heatmaps have their history at once.
        const { fromWeekStart, toWeekStart } = result.weeklyReports;
        const computed = await dataSource.transaction((manager) =>
          computeIndicatorWeeks(manager, { from: fromWeekStart, to: toWeekStart, now }),
        );
        print(`Weekly numbers: ${result.weeklyReports.rows} reports; indicators computed for ${computed.weeks} weeks (${computed.snapshots} snapshots).`);
      }
      print(`Demo data loaded: ${result.organizations} organizations, ${result.tasks?.created} tasks (${JSON.stringify(result.tasks?.byStatus)}).`);
      print(`Accounts (password ${DEMO_PASSWORD}): ${result.accounts.map((a) => a.email).join(', ')}`);
      return 0;
    }),

  'import-roadmap': (env, args) =>
    withDataSource(env, async (dataSource) => {
      const [file] = args;
      if (!file) {
        print('Usage: import-roadmap <file.yaml>');
        return 1;
      }
      const parsed = parseRoadmapFile(readFileSync(file, 'utf8'));
      if (!parsed.ok) {
        print(`${file} is not a valid roadmap file:\n${parsed.errors.map((e) => `  ${e.field || '(file)'}: ${e.messages.join('; ')}`).join('\n')}`);
        return 1;
      }
      const result = await dataSource.transaction((manager) => importRoadmap(manager, parsed.file, commandLineAuditSink));
      if (!result.ok) {
        print(`${file} cannot be imported:\n${result.errors.map((e) => `  ${e.field}: ${e.messages.join('; ')}`).join('\n')}`);
        return 1;
      }
      const { summary } = result;
      print(
        `Roadmap ${summary.code} ${summary.created ? 'created' : 'updated'}: actions created ${summary.actionsCreated}, updated ${summary.actionsUpdated}, unchanged ${summary.actionsUnchanged}; indicators created ${summary.indicatorsCreated}, updated ${summary.indicatorsUpdated}${summary.recomputationId ? '; stored weeks will be computed again by the worker' : ''}`,
      );
      // Tasks are created by the worker; queue the run instead of doing it here.
      const queue = new Queue(QueueName.Tasks, { connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      try {
        await queue.add(JobName.TasksMaterialize, { roadmapId: summary.roadmapId }, { deduplication: { id: tasksMaterializeDeduplicationId(summary.roadmapId) } });
      } finally {
        await queue.close();
      }
      print('Task materialization queued');
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
