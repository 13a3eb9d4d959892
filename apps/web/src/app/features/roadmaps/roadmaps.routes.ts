import type { Routes } from '@angular/router';

// Filled in by the feature's implementation.
const routes: Routes = [];

export default routes;
