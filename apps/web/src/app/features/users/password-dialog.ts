import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';

export interface PasswordDialogData {
  fullName: string;
  email: string;
  oneTimePassword: string;
}

/** Shows a one-time password once; it is not stored anywhere readable afterwards. */
@Component({
  selector: 'karta-password-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  template: `
    <h2 mat-dialog-title>Одноразовый пароль</h2>
    <mat-dialog-content>
      <p>Пароль для <strong>{{ data.fullName }}</strong> ({{ data.email }}):</p>
      <p class="password" data-testid="one-time-password">{{ data.oneTimePassword }}</p>
      <p class="warning">Пароль показывается один раз. Передайте его пользователю лично; после закрытия окна увидеть его снова нельзя.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton="outlined" type="button" (click)="copy()">{{ copied() ? 'Скопировано' : 'Копировать' }}</button>
      <button matButton="filled" type="button" mat-dialog-close>Готово</button>
    </mat-dialog-actions>
  `,
  styles: `
    .password { font: var(--mat-sys-headline-small); font-family: monospace; letter-spacing: 0.05em; user-select: all; }
    .warning { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordDialog {
  private readonly clipboard = inject(Clipboard);
  protected readonly data = inject<PasswordDialogData>(MAT_DIALOG_DATA);
  protected readonly copied = signal(false);

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.data.oneTimePassword));
  }
}
