import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AuthService } from '../core/auth/auth.service';
import { provideKartaIcons } from '../core/ui/icons';
import { aCurrentUser, aLoginResponse, queryRequired } from '../../testing/fixtures';
import Shell from './shell';

@Component({ template: '<p>Страница</p>' })
class BlankPage {}

describe('Shell', () => {
  let fixture: ComponentFixture<Shell>;
  let page: HTMLElement;
  let backend: HttpTestingController;

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', component: BlankPage },
          { path: 'login', component: BlankPage },
        ]),
        provideKartaIcons(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login({ email: 'a@b.ru', password: 'x' }).subscribe();
    backend
      .expectOne('/api/auth/login')
      .flush(aLoginResponse({ user: aCurrentUser({ fullName: 'Гасанов Руслан Ахмедович', role: 'org_head' }) }));

    fixture = TestBed.createComponent(Shell);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows the product, the user and their role in Russian', () => {
    const toolbar = page.querySelector('mat-toolbar')?.textContent ?? '';
    expect(toolbar).toContain('Карта');
    expect(toolbar).toContain('Гасанов Руслан Ахмедович');
    expect(toolbar).toContain('Руководитель организации');
    expect(toolbar).toContain('Выйти');
  });

  it('shows only the sections the role may open', () => {
    const links = Array.from(page.querySelectorAll('mat-nav-list a'), (a) => [
      a.textContent?.trim(),
      a.getAttribute('href'),
    ]);
    // An organization head reads tasks, roadmaps, indicators and organizations and enters weekly numbers;
    // the import, users and the audit log are not theirs.
    expect(links).toEqual([
      ['Главная', '/'],
      ['Задачи', '/tasks'],
      ['Дорожные карты', '/roadmaps'],
      ['Показатели', '/indicators'],
      ['Ввод данных', '/weekly/entry'],
      ['Сдача данных', '/weekly/status'],
      ['Организации', '/organizations'],
    ]);
  });

  it('opens the user menu with the profile and the password change', async () => {
    queryRequired<HTMLButtonElement>(page, '[data-testid="current-user"]').click();
    await fixture.whenStable();

    const items = Array.from(document.querySelectorAll('.mat-mdc-menu-panel a[mat-menu-item]'), (a) => [
      a.textContent?.trim(),
      a.getAttribute('href'),
    ]);
    expect(items).toEqual([
      ['Профиль', '/profile'],
      ['Сменить пароль', '/profile#password'],
    ]);
  });

  it('signs out and goes to the login page', async () => {
    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigateByUrl');
    const signOut = queryRequired<HTMLButtonElement>(page, 'button.sign-out');

    signOut.click();
    await fixture.whenStable();
    expect(signOut.disabled).toBe(true);
    backend.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });

    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith('/login');
  });
});
