import type { Routes } from '@angular/router';

const routes: Routes = [
  { path: '', title: 'Задачи', loadComponent: () => import('./task-list-page').then((m) => m.TaskListPage) },
  { path: 'mine', title: 'Мои задачи', data: { mine: true }, loadComponent: () => import('./task-list-page').then((m) => m.TaskListPage) },
  { path: ':id', title: 'Задача', loadComponent: () => import('./task-page').then((m) => m.TaskPage) },
];

export default routes;
