import type { Routes } from '@angular/router';

const routes: Routes = [
  {
    path: '',
    title: 'Пользователи',
    loadComponent: () => import('./users-page').then((m) => m.UsersPage),
  },
];

export default routes;
