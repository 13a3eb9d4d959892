import { Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/auth/auth.guard';

/**
 * Top-level routes. Every feature is a lazy `*.routes.ts` file; signed-in features are children of
 * the shell, so they inherit the toolbar, the side navigation and the auth guard. To add a feature:
 * a `{ path: 'tasks', loadChildren: () => import('./features/tasks/tasks.routes') }` child here and
 * an entry in `shell/navigation.ts`.
 */
export const appRoutes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    loadChildren: () => import('./features/login/login.routes'),
  },
  {
    path: '',
    loadComponent: () => import('./shell/shell'),
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    children: [
      {
        path: '',
        pathMatch: 'full',
        loadChildren: () => import('./features/home/home.routes'),
      },
      { path: 'tasks', loadChildren: () => import('./features/tasks/tasks.routes') },
      { path: 'roadmaps', loadChildren: () => import('./features/roadmaps/roadmaps.routes') },
      { path: 'indicators', loadChildren: () => import('./features/indicators/indicators.routes') },
      { path: 'weekly', loadChildren: () => import('./features/weekly-reports/weekly.routes') },
      { path: 'organizations', loadChildren: () => import('./features/organizations/organizations.routes') },
      { path: 'users', loadChildren: () => import('./features/users/users.routes') },
      { path: 'audit', loadChildren: () => import('./features/audit/audit.routes') },
      { path: 'profile', loadChildren: () => import('./features/profile/profile.routes') },
    ],
  },
  { path: '**', redirectTo: '' },
];
