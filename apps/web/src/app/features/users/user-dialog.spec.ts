import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { AuthService } from '../../core/auth/auth.service';
import { aLoginResponse } from '../../../testing/fixtures';
import { UserDialog, type UserDialogData } from './user-dialog';

describe('UserDialog', () => {
  let fixture: ComponentFixture<UserDialog>;
  let backend: HttpTestingController;
  const close = jest.fn();

  beforeEach(async () => {
    close.mockReset();
    const data: UserDialogData = {
      user: null,
      organizations: [
        { id: 'dep', parentId: null, code: 'RD-SS-UO', shortName: 'Отдел образования', kind: 'department', isActive: true, childCount: 1 },
        { id: 'school', parentId: 'dep', code: 'SS-001', shortName: 'СОШ № 1', kind: 'school', isActive: true, childCount: 0 },
      ],
    };
    TestBed.configureTestingModule({
      imports: [UserDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login({ email: 'a@b.ru', password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(aLoginResponse());
    fixture = TestBed.createComponent(UserDialog);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('offers a controller only the roles they may assign', () => {
    const roles = (fixture.componentInstance as unknown as { roles: () => string[] }).roles();
    expect(roles).toEqual(['department_staff', 'org_head', 'org_coordinator', 'observer']);
  });

  it('creates the user and hands the one-time password back to the page', () => {
    const dialog = fixture.componentInstance as unknown as { form: { setValue: (v: object) => void }; save: () => void };
    dialog.form.setValue({ email: 'new@school.ru', fullName: 'Иванова М. П.', phone: '', role: 'org_coordinator', organizationId: 'school' });
    dialog.save();
    const request = backend.expectOne('/api/users');
    expect(request.request.body).toEqual({ email: 'new@school.ru', fullName: 'Иванова М. П.', phone: null, role: 'org_coordinator', organizationId: 'school' });
    const user = { id: 'u1', email: 'new@school.ru', fullName: 'Иванова М. П.' };
    request.flush({ user, oneTimePassword: 'abcd-efgh-jkmn-pqrs' });
    expect(close).toHaveBeenCalledWith({ user, oneTimePassword: 'abcd-efgh-jkmn-pqrs' });
  });

  it('puts a conflict on the e-mail field', () => {
    const dialog = fixture.componentInstance as unknown as {
      form: { setValue: (v: object) => void; get: (f: string) => { errors: Record<string, unknown> | null } };
      save: () => void;
    };
    dialog.form.setValue({ email: 'taken@school.ru', fullName: 'Дубль', phone: '', role: 'observer', organizationId: 'dep' });
    dialog.save();
    backend.expectOne('/api/users').flush(
      { statusCode: 409, message: 'Пользователь с такой электронной почтой уже есть', fieldErrors: [{ field: 'email', messages: ['Пользователь с такой электронной почтой уже есть'] }] },
      { status: 409, statusText: 'Conflict' },
    );
    expect(dialog.form.get('email').errors).toEqual({ server: 'Пользователь с такой электронной почтой уже есть' });
    expect(close).not.toHaveBeenCalled();
  });
});
