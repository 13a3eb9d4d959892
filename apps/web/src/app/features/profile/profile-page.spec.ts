import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AuthService } from '../../core/auth/auth.service';
import { aCurrentUser, aLoginResponse, queryRequired } from '../../../testing/fixtures';
import ProfilePage from './profile-page';

describe('ProfilePage', () => {
  let fixture: ComponentFixture<ProfilePage>;
  let page: HTMLElement;
  let backend: HttpTestingController;
  const user = aCurrentUser({ email: 'head@karta.test', fullName: 'Гасанов Руслан Ахмедович', role: 'org_head' });

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ProfilePage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login({ email: user.email, password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(aLoginResponse({ user }));
    fixture = TestBed.createComponent(ProfilePage);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  function fill(current: string, next: string, confirm = next): void {
    const inputs = page.querySelectorAll<HTMLInputElement>('input[type="password"]');
    [current, next, confirm].forEach((value, index) => {
      inputs[index].value = value;
      inputs[index].dispatchEvent(new Event('input'));
    });
  }

  async function submit(): Promise<void> {
    queryRequired<HTMLButtonElement>(page, 'button[type="submit"]').click();
    await fixture.whenStable();
  }

  const text = () => page.textContent ?? '';

  it('shows who is signed in', () => {
    expect(text()).toContain('Гасанов Руслан Ахмедович');
    expect(text()).toContain('head@karta.test');
    expect(text()).toContain('Руководитель организации');
  });

  it('explains in Russian what is missing or wrong before asking the server', async () => {
    await submit();
    expect(text()).toContain('Введите текущий пароль');
    expect(text()).toContain('Введите новый пароль');
    expect(text()).toContain('Повторите новый пароль');

    fill('old-password', 'short');
    await submit();
    expect(text()).toContain('Пароль должен содержать не менее 10 символов');

    fill('old-password', 'head@karta.test');
    await submit();
    expect(text()).toContain('Пароль не должен совпадать с адресом электронной почты');

    fill('old-password-1', 'old-password-1');
    await submit();
    expect(text()).toContain('Новый пароль должен отличаться от текущего');

    fill('old-password', 'new-password-1', 'new-password-2');
    await submit();
    expect(text()).toContain('Пароли не совпадают');
    backend.expectNone('/api/auth/password');
  });

  it('changes the password and says so', async () => {
    fill('old-password', 'new-password-1');
    await submit();

    const request = backend.expectOne('/api/auth/password');
    expect(request.request.body).toEqual({ currentPassword: 'old-password', newPassword: 'new-password-1' });
    request.flush(aLoginResponse({ accessToken: 'fresh', user }));
    await fixture.whenStable();

    expect(text()).toContain('Пароль изменён. Остальные сеансы завершены.');
    expect(TestBed.inject(AuthService).accessToken()).toBe('fresh');
  });

  it('shows the server’s message under the current password when it is wrong', async () => {
    fill('wrong-password', 'new-password-1');
    await submit();

    backend.expectOne('/api/auth/password').flush(
      { statusCode: 400, error: 'Bad Request', message: 'Проверьте правильность заполнения полей', fieldErrors: [{ field: 'currentPassword', messages: ['Текущий пароль указан неверно'] }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    expect(text()).toContain('Текущий пароль указан неверно');
  });
});
