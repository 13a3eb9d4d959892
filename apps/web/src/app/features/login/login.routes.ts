import { Routes } from '@angular/router';
import { LoginPage } from './login-page';

export default [{ path: '', component: LoginPage, title: 'Вход в систему' }] satisfies Routes;
