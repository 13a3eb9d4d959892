import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import type { ApiError, OrganizationTreeNode, UserSummary, UserWithPassword } from '@karta/contracts';
import { assignableRoles, type Role } from '@karta/domain';
import { AuthService } from '../../core/auth/auth.service';
import { ROLE_LABELS } from '../../core/auth/role-labels';
import { UsersApi } from './users-api.service';

export interface UserDialogData {
  user: UserSummary | null;
  organizations: OrganizationTreeNode[];
}

/** Closes with the saved user, plus the one-time password when the user was just created. */
export type UserDialogResult = { user: UserSummary; oneTimePassword?: string };

/** Create or edit a user: only roles the caller may assign, only organizations they see. */
@Component({
  selector: 'karta-user-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatButton,
    MatFormField,
    MatLabel,
    MatError,
    MatInput,
    MatSelect,
    MatOption,
  ],
  templateUrl: './user-dialog.html',
  styles: `
    .form { display: grid; gap: 4px; min-width: min(480px, 80vw); padding-top: 8px; }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDialog {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject<MatDialogRef<UserDialog, UserDialogResult>>(MatDialogRef);
  private readonly destroyRef = inject(DestroyRef);
  private readonly me = inject(AuthService).currentUser;
  protected readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);

  protected readonly roleLabels = ROLE_LABELS;
  protected readonly self = computed(() => this.data.user?.id === this.me()?.id);
  protected readonly roles = computed<Role[]>(() => {
    const mine = this.me()?.role;
    const assignable = mine ? assignableRoles(mine) : [];
    const current = this.data.user?.role;
    // The user's current role stays visible (read-only when it cannot be handed out).
    return current && !assignable.includes(current) ? [current, ...assignable] : assignable;
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: [this.data.user?.email ?? '', [Validators.required, Validators.email, Validators.maxLength(320)]],
    fullName: [this.data.user?.fullName ?? '', [Validators.required, Validators.maxLength(300)]],
    phone: [this.data.user?.phone ?? '', Validators.maxLength(64)],
    role: [this.data.user?.role ?? ('' as Role | ''), Validators.required],
    organizationId: [this.data.user?.organizationId ?? '', Validators.required],
  });

  constructor() {
    if (this.data.user) this.form.controls.email.disable();
    if (this.self() || (this.data.user && !assignableRoles(this.me()?.role ?? 'observer').includes(this.data.user.role))) {
      this.form.controls.role.disable();
    }
  }

  protected indent(node: OrganizationTreeNode): string {
    let depth = 0;
    let parentId = node.parentId;
    const byId = new Map(this.data.organizations.map((o) => [o.id, o]));
    while (parentId && byId.has(parentId)) {
      depth++;
      parentId = byId.get(parentId)?.parentId ?? null;
    }
    return '\u00a0\u00a0'.repeat(depth);
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const role = value.role as Role;
    const existing = this.data.user;
    this.saving.set(true);
    this.error.set(null);
    const done = (result: UserDialogResult) => this.dialog.close(result);
    const fail = (error: unknown) => {
      this.saving.set(false);
      const body = error instanceof HttpErrorResponse ? (error.error as Partial<ApiError> | null) : null;
      this.error.set(body?.message ?? 'Не удалось сохранить');
      for (const problem of body?.fieldErrors ?? []) {
        const control = this.form.get(problem.field);
        control?.setErrors({ server: problem.messages.join('; ') });
        control?.markAsTouched();
      }
    };
    if (existing) {
      this.api
        .update(existing.id, {
          fullName: value.fullName,
          phone: value.phone || null,
          organizationId: value.organizationId,
          ...(role !== existing.role ? { role } : {}),
        })
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({ next: (user) => done({ user }), error: fail });
    } else {
      this.api
        .create({ email: value.email, fullName: value.fullName, phone: value.phone || null, role, organizationId: value.organizationId })
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({ next: (result: UserWithPassword) => done(result), error: fail });
    }
  }

  protected serverError(field: string): string | null {
    const errors = this.form.get(field)?.errors;
    return typeof errors?.['server'] === 'string' ? errors['server'] : null;
  }
}
