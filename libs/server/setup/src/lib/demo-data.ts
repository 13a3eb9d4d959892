import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OrganizationEntity, UserEntity } from '@karta/db';
import type { Role } from '@karta/domain';
import { PasswordHasher } from '@karta/server-core';

/** Demo accounts exist only in demo mode; README lists them. */
export const DEMO_PASSWORD = 'demo-karta-76';

export const DEMO_ACCOUNTS: readonly { email: string; fullName: string; role: Role; organizationCode: string }[] = [
  { email: 'admin@karta.test', fullName: 'Администратор системы', role: 'admin', organizationCode: 'RD' },
  { email: 'controller@karta.test', fullName: 'Кахриманов Р. Т.', role: 'controller', organizationCode: 'RD-SS-UO' },
];

const DEMO_ORGANIZATIONS = [
  { code: 'RD', name: 'Министерство образования и науки Республики Дагестан', shortName: 'Минобрнауки РД', kind: 'region', parentCode: null },
  {
    code: 'RD-SS-UO',
    name: 'Отдел образования администрации муниципального района «Сулейман-Стальский район»',
    shortName: 'Отдел образования Сулейман-Стальского района',
    kind: 'department',
    parentCode: 'RD',
  },
] as const;

export interface DemoSeedResult {
  seeded: boolean;
  accounts: { email: string; role: Role }[];
}

/** Loads demo data into an empty database; a database with any user is left untouched. */
export async function seedDemoData(dataSource: DataSource): Promise<DemoSeedResult> {
  const passwordHash = await new PasswordHasher().hash(DEMO_PASSWORD);
  return dataSource.transaction(async (manager) => {
    // Serializes concurrent seeders (two `npm start`s on one database).
    await manager.query('SELECT pg_advisory_xact_lock(7600802)');
    const accounts = DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role }));
    if ((await manager.count(UserEntity)) > 0) return { seeded: false, accounts };

    const idByCode = new Map<string, string>();
    const pathByCode = new Map<string, string>();
    for (const { parentCode, ...organization } of DEMO_ORGANIZATIONS) {
      const id = randomUUID();
      const path = `${parentCode ? pathByCode.get(parentCode) : '/'}${id}/`;
      await manager.save(manager.create(OrganizationEntity, { ...organization, id, path, parentId: parentCode ? idByCode.get(parentCode) : null }));
      idByCode.set(organization.code, id);
      pathByCode.set(organization.code, path);
    }
    await manager.save(
      DEMO_ACCOUNTS.map(({ organizationCode, ...account }) =>
        manager.create(UserEntity, { ...account, passwordHash, organizationId: idByCode.get(organizationCode) }),
      ),
    );
    return { seeded: true, accounts };
  });
}
