import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AuthService } from '../../core/auth/auth.service';
import { provideKartaIcons } from '../../core/ui/icons';
import { aLoginResponse, queryRequired } from '../../../testing/fixtures';
import { HomePage } from './home-page';

describe('HomePage', () => {
  let fixture: ComponentFixture<HomePage>;
  let page: HTMLElement;
  let backend: HttpTestingController;

  const up = { status: 'up' };
  const down = { status: 'down', message: 'connect ECONNREFUSED' };

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [HomePage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideKartaIcons(),
        { provide: LOCALE_ID, useValue: 'ru-RU' },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login({ email: 'a@b.ru', password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(aLoginResponse());

    fixture = TestBed.createComponent(HomePage);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  const services = () =>
    Array.from(page.querySelectorAll('li.service'), (li) =>
      Array.from(li.querySelectorAll('span'), (span) => span.textContent?.trim()).join(' '),
    );

  const allUp = { status: 'ok', info: { database: up, redis: up }, error: {}, details: { database: up, redis: up } };

  it('greets the signed-in user', () => {
    expect(page.querySelector('h1')?.textContent).toBe('Здравствуйте, Алиева Патимат Магомедовна!');
    backend.expectOne('/api/health').flush(allUp);
  });

  it('shows each service as working', async () => {
    backend.expectOne('/api/health').flush(allUp);
    await fixture.whenStable();

    expect(services()).toEqual(['База данных работает', 'Очереди задач (Redis) работает']);
    expect(page.textContent).toMatch(/Проверено в \d{2}:\d{2}:\d{2} \(МСК\)/);
  });

  it('shows a failing service from the 503 answer', async () => {
    backend
      .expectOne('/api/health')
      .flush(
        { status: 'error', info: { database: up }, error: { redis: down }, details: { database: up, redis: down } },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await fixture.whenStable();

    expect(services()).toEqual(['База данных работает', 'Очереди задач (Redis) недоступна']);
  });

  it('says so when the API cannot be reached, and checks again on request', async () => {
    backend.expectOne('/api/health').error(new ProgressEvent('error'));
    await fixture.whenStable();

    expect(page.querySelector('[role=alert]')?.textContent).toContain('Сервер недоступен');

    const refresh = queryRequired<HTMLButtonElement>(page, 'button.refresh');
    refresh.click();
    await fixture.whenStable();
    backend.expectOne('/api/health').flush(allUp);
    await fixture.whenStable();

    expect(page.querySelector('[role=alert]')).toBeNull();
    expect(services()).toHaveLength(2);
  });
});
