import type { Routes } from '@angular/router';

const routes: Routes = [{ path: '', title: 'Показатели', loadComponent: () => import('./indicators-page').then((m) => m.IndicatorsPage) }];

export default routes;
