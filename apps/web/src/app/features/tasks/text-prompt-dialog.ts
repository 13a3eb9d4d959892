import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';

export interface TextPromptData {
  title: string;
  label: string;
  confirm: string;
}

/** Asks for the comment or reason an action requires; closes with the text, or nothing when cancelled. */
@Component({
  selector: 'karta-text-prompt-dialog',
  imports: [ReactiveFormsModule, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatInput, MatError, MatButton],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <mat-form-field appearance="outline" class="full">
        <mat-label>{{ data.label }}</mat-label>
        <textarea matInput [formControl]="text" rows="4" cdkFocusInitial name="prompt-text"></textarea>
        <mat-error>Поле обязательно</mat-error>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Отмена</button>
      <button mat-flat-button type="button" class="confirm" (click)="confirm()">{{ data.confirm }}</button>
    </mat-dialog-actions>
  `,
  styles: `.full { width: 100%; min-width: 360px; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TextPromptDialog {
  protected readonly data = inject<TextPromptData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<TextPromptDialog, string>>(MatDialogRef);
  protected readonly text = new FormControl('', { nonNullable: true, validators: [Validators.required] });

  protected confirm(): void {
    const value = this.text.value.trim();
    if (!value) {
      this.text.setValue('');
      this.text.markAsTouched();
      return;
    }
    this.ref.close(value);
  }
}
