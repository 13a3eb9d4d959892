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

  it('sends a visitor to the login page', async () => {
    const fixture = TestBed.createComponent(App);
    await TestBed.inject(Router).navigateByUrl('/');
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/login');
    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('Вход в систему');
    expect(TestBed.inject(Title).getTitle()).toBe('Вход в систему — Карта');
  });

  it('sends an unknown address to the home page (and so to the login page)', async () => {
    TestBed.createComponent(App);
    await TestBed.inject(Router).navigateByUrl('/no-such-page');

    expect(TestBed.inject(Router).url).toBe('/login');
  });
});
