import type { Routes } from '@angular/router';

const routes: Routes = [{ path: '', title: 'Профиль', loadComponent: () => import('./profile-page') }];

export default routes;
