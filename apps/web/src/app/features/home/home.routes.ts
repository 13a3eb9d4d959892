import { Routes } from '@angular/router';
import { HomePage } from './home-page';

export default [{ path: '', component: HomePage }] satisfies Routes;
