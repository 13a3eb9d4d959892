import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { aLoginResponse, queryRequired } from '../../../testing/fixtures';
import { LoginPage } from './login-page';

describe('LoginPage', () => {
  let fixture: ComponentFixture<LoginPage>;
  let page: HTMLElement;
  let backend: HttpTestingController;
  let navigate: jest.SpyInstance;

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    backend = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(LoginPage);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  const emailInput = () => queryRequired<HTMLInputElement>(page, 'input[type=email]');
  const passwordInput = () => queryRequired<HTMLInputElement>(page, 'input[type=password]');
  const submitButton = () => queryRequired<HTMLButtonElement>(page, 'button[type=submit]');
  const errors = () => Array.from(page.querySelectorAll('mat-error'), (e) => e.textContent?.trim());
  const alert = () => page.querySelector('[role=alert]')?.textContent?.trim();

  async function type(input: HTMLInputElement, value: string): Promise<void> {
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    submitButton().click();
    await fixture.whenStable();
  }

  async function fillAndSubmit(email = 'controller@karta.test', password = 'demo-karta-76'): Promise<void> {
    await type(emailInput(), email);
    await type(passwordInput(), password);
    await submit();
  }

  it('renders the Russian form', () => {
    expect(page.querySelector('h1')?.textContent).toContain('Вход в систему');
    expect(submitButton().textContent).toContain('Войти');
    expect(page.textContent).toContain('E-mail');
    expect(page.textContent).toContain('Пароль');
  });

  it('asks for both fields when submitted empty, without calling the server', async () => {
    await submit();

    expect(errors()).toEqual(['Введите e-mail', 'Введите пароль']);
    backend.expectNone('/api/auth/login');
  });

  it('explains a malformed e-mail', async () => {
    await type(emailInput(), 'controller');

    expect(errors()).toEqual(['Введите e-mail в формате name@example.ru']);
  });

  it('signs in, trimming the e-mail, and goes to the return URL', async () => {
    fixture.componentRef.setInput('returnUrl', '/tasks?status=overdue');
    await fillAndSubmit('  controller@karta.test ', 'demo-karta-76');

    const request = backend.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ email: 'controller@karta.test', password: 'demo-karta-76' });
    request.flush(aLoginResponse());
    await fixture.whenStable();

    expect(navigate).toHaveBeenCalledWith('/tasks?status=overdue');
  });

  it('goes home when there is no usable return URL', async () => {
    fixture.componentRef.setInput('returnUrl', 'https://evil.example/');
    await fillAndSubmit();

    backend.expectOne('/api/auth/login').flush(aLoginResponse());
    await fixture.whenStable();

    expect(navigate).toHaveBeenCalledWith('/');
  });

  it('disables the form while the request is in flight', async () => {
    await fillAndSubmit();

    expect(submitButton().disabled).toBe(true);
    expect(emailInput().disabled).toBe(true);
    expect(page.querySelector('mat-progress-bar')).not.toBeNull();

    backend.expectOne('/api/auth/login').flush(aLoginResponse());
  });

  it.each([
    [401, 'Неверный e-mail или пароль'],
    [429, 'Слишком много попыток входа. Повторите позже.'],
  ])('shows the message for HTTP %i and lets the user try again', async (status, message) => {
    await fillAndSubmit();

    backend
      .expectOne('/api/auth/login')
      .flush({ statusCode: status, error: 'Error', message: 'server text' }, { status, statusText: 'Error' });
    await fixture.whenStable();

    expect(alert()).toBe(message);
    expect(submitButton().disabled).toBe(false);
    expect(emailInput().disabled).toBe(false);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('says the server is unavailable on a network error', async () => {
    await fillAndSubmit();

    backend.expectOne('/api/auth/login').error(new ProgressEvent('error'));
    await fixture.whenStable();

    expect(alert()).toBe('Сервер недоступен');
  });

  it('clears the previous error on a new attempt', async () => {
    await fillAndSubmit();
    backend.expectOne('/api/auth/login').flush(null, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    expect(alert()).toBe('Неверный e-mail или пароль');

    await submit();

    expect(alert()).toBeUndefined();
    backend.expectOne('/api/auth/login').flush(aLoginResponse());
  });
});
