import type { Routes } from '@angular/router';

const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'entry' },
  { path: 'entry', title: 'Еженедельные данные', loadComponent: () => import('./weekly-entry-page').then((m) => m.WeeklyEntryPage) },
  { path: 'import', title: 'Импорт еженедельных данных', loadComponent: () => import('./weekly-import-page').then((m) => m.WeeklyImportPage) },
  { path: 'status', title: 'Сдача еженедельных данных', loadComponent: () => import('./reporting-matrix-page').then((m) => m.ReportingMatrixPage) },
];

export default routes;
