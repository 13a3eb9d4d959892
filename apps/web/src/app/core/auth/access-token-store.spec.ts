import { TestBed } from '@angular/core/testing';
import { AccessTokenStore } from './access-token-store';

describe('AccessTokenStore (memory only)', () => {
  const now = new Date('2025-09-01T09:00:00Z');

  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    jest.useFakeTimers({ now });
  });

  afterEach(() => jest.useRealTimers());

  const freshStore = () => {
    TestBed.resetTestingModule();
    return TestBed.inject(AccessTokenStore);
  };

  it('keeps the token in memory and never in web storage', () => {
    const store = freshStore();
    store.set('token-1', 900);

    expect(store.get()).toBe('token-1');
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
    // A new page (a reload) starts without it: the refresh cookie brings the session back.
    expect(freshStore().get()).toBeNull();
  });

  it('forgets the token once it has expired', () => {
    const store = freshStore();
    store.set('token-1', 60);

    jest.setSystemTime(now.getTime() + 59_999);
    expect(store.get()).toBe('token-1');
    jest.setSystemTime(now.getTime() + 60_000);
    expect(store.get()).toBeNull();
  });

  it('clears', () => {
    const store = freshStore();
    store.set('token-1', 900);
    store.clear();

    expect(store.get()).toBeNull();
  });
});
