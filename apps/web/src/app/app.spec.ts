import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router, TitleStrategy } from '@angular/router';
import { App } from './app';
import { appRoutes } from './app.routes';
import { KartaTitleStrategy } from './core/title-strategy';

describe('App', () => {
  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(appRoutes),
        { provide: TitleStrategy, useClass: KartaTitleStrategy },
      ],
    });
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  /** On start the app asks whether the refresh cookie still holds a session; here it does not. */
  async function refuseSessionRestore(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.inject(HttpTestingController).expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });
  }

  it('sends a visitor to the login page', async () => {
    const fixture = TestBed.createComponent(App);
    const navigation = TestBed.inject(Router).navigateByUrl('/');
    await refuseSessionRestore();
    await navigation;
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/login');
    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Вход в систему');
    expect(TestBed.inject(Title).getTitle()).toBe('Вход в систему — Карта');
  });

  it('sends an unknown address to the home page (and so to the login page)', async () => {
    TestBed.createComponent(App);
    const navigation = TestBed.inject(Router).navigateByUrl('/no-such-page');
    await refuseSessionRestore();
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/login');
  });
});
