import type { Routes } from '@angular/router';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { RussianPaginatorIntl } from './russian-paginator-intl';

const routes: Routes = [
  {
    path: '',
    title: 'Пользователи',
    providers: [{ provide: MatPaginatorIntl, useClass: RussianPaginatorIntl }],
    loadComponent: () => import('./users-page').then((m) => m.UsersPage),
  },
];

export default routes;
