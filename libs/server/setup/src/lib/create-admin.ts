import { randomBytes, randomUUID } from 'node:crypto';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { OrganizationEntity, UserEntity } from '@karta/db';
import { MIN_PASSWORD_LENGTH, PasswordHasher } from '@karta/server-core';

export interface CreateAdminInput {
  email: string;
  fullName: string;
  /** Generated when omitted; the caller shows it once and the admin must replace it at first sign-in. */
  password?: string;
  /** Needed only on an empty database: the root organization to create. */
  rootOrganization?: { code: string; name: string };
}

export interface CreatedAdmin {
  userId: string;
  email: string;
  password: string;
  generatedPassword: boolean;
}

export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/** Creates an administrator. The first one also creates the root of the organization tree. */
export async function createAdmin(dataSource: DataSource, input: CreateAdminInput): Promise<CreatedAdmin> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new SetupError(`"${input.email}" is not an e-mail address`);
  if (!input.fullName.trim()) throw new SetupError('--name is required');
  const generatedPassword = input.password === undefined;
  const password = input.password ?? randomBytes(12).toString('base64url');
  if (password.length < MIN_PASSWORD_LENGTH) throw new SetupError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = await new PasswordHasher().hash(password);

  return dataSource.transaction(async (manager) => {
    if (await manager.existsBy(UserEntity, { email })) throw new SetupError(`a user with e-mail ${email} already exists`);
    const root = await rootOrganization(manager, input.rootOrganization);
    const user = await manager.save(
      manager.create(UserEntity, { email, fullName: input.fullName.trim(), role: 'admin', organizationId: root.id, passwordHash, mustChangePassword: generatedPassword }),
    );
    return { userId: user.id, email, password, generatedPassword };
  });
}

async function rootOrganization(manager: EntityManager, wanted: CreateAdminInput['rootOrganization']): Promise<OrganizationEntity> {
  const existing = await manager.findOne(OrganizationEntity, { where: { parentId: IsNull() }, order: { createdAt: 'ASC' } });
  if (existing) return existing;
  if (!wanted) {
    throw new SetupError('the database has no organizations yet: pass --org-code and --org-name for the root (region or district)');
  }
  const id = randomUUID();
  return manager.save(
    manager.create(OrganizationEntity, { id, path: `/${id}/`, code: wanted.code, name: wanted.name, shortName: wanted.name, kind: 'region', parentId: null }),
  );
}
