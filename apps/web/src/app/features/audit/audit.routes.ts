import type { Routes } from '@angular/router';

const routes: Routes = [{ path: '', title: 'Журнал действий', loadComponent: () => import('./audit-page') }];

export default routes;
