import type { Routes } from '@angular/router';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { RussianPaginatorIntl } from './russian-paginator-intl';

const routes: Routes = [
  {
    path: '',
    providers: [{ provide: MatPaginatorIntl, useClass: RussianPaginatorIntl }],
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
