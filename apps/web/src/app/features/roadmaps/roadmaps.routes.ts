import type { Routes } from '@angular/router';

const routes: Routes = [
  { path: '', title: 'Дорожные карты', loadComponent: () => import('./roadmaps-page').then((m) => m.RoadmapsPage) },
  { path: ':id', title: 'Дорожная карта', loadComponent: () => import('./roadmap-page').then((m) => m.RoadmapPage) },
];

export default routes;
