import { OrganizationEntity } from './organization.entity';
import { SystemProbeEntity } from './system-probe.entity';
import { UserEntity } from './user.entity';

export * from './organization.entity';
export * from './system-probe.entity';
export * from './user.entity';

/** Every entity, listed explicitly: bundled apps cannot glob for them. */
export const ENTITIES = [OrganizationEntity, UserEntity, SystemProbeEntity];
