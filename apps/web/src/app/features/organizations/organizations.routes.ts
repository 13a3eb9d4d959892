import type { Routes } from '@angular/router';

const routes: Routes = [
  {
    path: '',
    children: [
      { path: '', title: 'Организации', loadComponent: () => import('./organizations-page').then((m) => m.OrganizationsPage) },
      {
        path: 'import',
        title: 'Импорт организаций',
        loadComponent: () => import('./organization-import-page').then((m) => m.OrganizationImportPage),
      },
      { path: 'new', title: 'Новая организация', loadComponent: () => import('./organization-card').then((m) => m.OrganizationCard) },
      { path: ':id', title: 'Организация', loadComponent: () => import('./organization-card').then((m) => m.OrganizationCard) },
    ],
  },
];

export default routes;
