import { TestBed } from '@angular/core/testing';
import { AccessTokenStore } from './access-token-store';

describe('AccessTokenStore (sessionStorage)', () => {
  const now = new Date('2025-09-01T09:00:00Z');

  beforeEach(() => {
    sessionStorage.clear();
    jest.useFakeTimers({ now });
  });

  afterEach(() => jest.useRealTimers());

  const freshStore = () => {
    TestBed.resetTestingModule();
    return TestBed.inject(AccessTokenStore);
  };

  it('keeps the token and mirrors it to sessionStorage', () => {
    const store = freshStore();
    store.set('token-1', 900);

    expect(store.get()).toBe('token-1');
    expect(freshStore().get()).toBe('token-1');
  });

  it('forgets the token once it has expired', () => {
    const store = freshStore();
    store.set('token-1', 60);

    jest.setSystemTime(now.getTime() + 60_000);

    expect(store.get()).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });

  it('clears memory and storage', () => {
    const store = freshStore();
    store.set('token-1', 900);
    store.clear();

    expect(store.get()).toBeNull();
    expect(freshStore().get()).toBeNull();
  });

  it('ignores a malformed stored value', () => {
    sessionStorage.setItem('karta.accessToken', '{"value":42}');
    expect(freshStore().get()).toBeNull();
  });
});
