import type { Permission } from '@karta/domain';
import { IconName } from '../core/ui/icons';

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
  /** Active only on this exact URL (the home page), not on everything below it. */
  exact?: boolean;
  /** Shown only to roles holding this permission (the server checks it again). */
  permission?: Permission;
}

/**
 * The side navigation. Add an entry together with the feature's lazy route in `app.routes.ts`;
 * never before the page exists.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'Главная', icon: 'home', exact: true },
  { path: '/tasks', label: 'Задачи', icon: 'tasks', permission: 'tasks.read' },
  { path: '/roadmaps', label: 'Дорожные карты', icon: 'roadmap', permission: 'roadmaps.read' },
  { path: '/indicators', label: 'Показатели', icon: 'chart', permission: 'indicators.read' },
  { path: '/weekly/entry', label: 'Ввод данных', icon: 'edit', permission: 'indicators.enter' },
  { path: '/weekly/import', label: 'Импорт данных', icon: 'upload', permission: 'indicators.import' },
  { path: '/weekly/status', label: 'Сдача данных', icon: 'grid', permission: 'indicators.read' },
  { path: '/organizations', label: 'Организации', icon: 'organizations', permission: 'organizations.read' },
  { path: '/users', label: 'Пользователи', icon: 'users', permission: 'users.write' },
  { path: '/audit', label: 'Журнал действий', icon: 'history', permission: 'audit.read' },
];
