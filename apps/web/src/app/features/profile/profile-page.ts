import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { PASSWORD_MIN_LENGTH } from '@karta/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { ROLE_LABELS } from '../../core/auth/role-labels';
import { PASSWORD_MESSAGES, passwordChangeError, passwordRules } from './password-form';

@Component({
  selector: 'karta-profile-page',
  imports: [ReactiveFormsModule, MatCard, MatCardContent, MatFormField, MatLabel, MatError, MatHint, MatInput, MatButton, MatProgressBar],
  templateUrl: './profile-page.html',
  styleUrl: './profile-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ProfilePage {
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly user = this.auth.currentUser;
  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : '';
  });
  protected readonly messages = PASSWORD_MESSAGES;
  protected readonly minLength = PASSWORD_MIN_LENGTH;

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
      confirmPassword: ['', Validators.required],
    },
    { validators: passwordRules(() => this.user()?.email ?? '') },
  );
  protected readonly submitting = signal(false);
  protected readonly serverError = signal<string | null>(null);
  protected readonly done = signal(false);

  protected submit(formDirective: FormGroupDirective): void {
    if (this.submitting()) return;
    this.done.set(false);
    this.serverError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.submitting.set(true);
    this.form.disable();
    this.auth
      .changePassword({ currentPassword, newPassword })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.submitting.set(false);
          this.form.enable();
          formDirective.resetForm();
          this.done.set(true);
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.form.enable();
          const problem = passwordChangeError(error);
          if (problem.field) {
            this.form.controls[problem.field].setErrors({ server: problem.message });
            this.form.controls[problem.field].markAsTouched();
          } else {
            this.serverError.set(problem.message);
          }
        },
      });
  }
}
