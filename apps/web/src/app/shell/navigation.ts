import { IconName } from '../core/ui/icons';

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
  /** Active only on this exact URL (the home page), not on everything below it. */
  exact?: boolean;
}

/**
 * The side navigation. Add an entry together with the feature's lazy route in `app.routes.ts`;
 * never before the page exists.
 */
export const NAV_ITEMS: readonly NavItem[] = [{ path: '/', label: 'Главная', icon: 'home', exact: true }];
