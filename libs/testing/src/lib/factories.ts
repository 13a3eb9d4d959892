import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OrganizationEntity, UserEntity } from '@karta/db';
import type { Role } from '@karta/domain';
import { PasswordHasher } from '@karta/server-core';

const unique = () => randomBytes(4).toString('hex');

export async function makeOrganization(dataSource: DataSource, overrides: Partial<OrganizationEntity> = {}): Promise<OrganizationEntity> {
  const code = overrides.code ?? `ORG-${unique()}`;
  const id = overrides.id ?? randomUUID();
  const parent = overrides.parentId ? await dataSource.getRepository(OrganizationEntity).findOneByOrFail({ id: overrides.parentId }) : null;
  return dataSource.getRepository(OrganizationEntity).save({
    id,
    path: `${parent?.path ?? '/'}${id}/`,
    code,
    name: `Организация ${code}`,
    shortName: code,
    kind: 'school',
    parentId: null,
    ...overrides,
  });
}

export interface TestUser extends UserEntity {
  /** The plain password, so a test can sign in. */
  password: string;
}

export async function makeUser(
  dataSource: DataSource,
  overrides: Partial<Omit<UserEntity, 'passwordHash'>> & { password?: string; role?: Role } = {},
): Promise<TestUser> {
  const { password = `pw-${unique()}-${unique()}`, ...fields } = overrides;
  const organizationId = fields.organizationId ?? (await makeOrganization(dataSource)).id;
  const user = await dataSource.getRepository(UserEntity).save({
    email: `user-${unique()}@karta.test`,
    fullName: 'Тестовый Пользователь',
    role: 'org_coordinator',
    isActive: true,
    ...fields,
    organizationId,
    passwordHash: await new PasswordHasher().hash(password),
  });
  return { ...user, password };
}
