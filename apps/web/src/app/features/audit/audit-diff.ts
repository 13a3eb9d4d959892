import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { auditDiff } from './audit-labels';

/** One audit entry's data change as a field / before / after table (changed fields highlighted). */
@Component({
  selector: 'karta-audit-diff',
  template: `
    @if (rows().length) {
      <table class="diff" aria-label="Изменения">
        <thead>
          <tr><th scope="col">Поле</th><th scope="col">Было</th><th scope="col">Стало</th></tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.field) {
            <tr [class.changed]="row.changed">
              <td class="code">{{ row.field }}</td>
              <td class="before">{{ row.before }}</td>
              <td class="after">{{ row.after }}</td>
            </tr>
          }
        </tbody>
      </table>
    } @else {
      <p class="muted">Без изменений данных.</p>
    }
  `,
  styles: `
    .diff { border-collapse: collapse; margin: 4px 0 8px; }
    .diff th, .diff td { padding: 4px 12px; border: 1px solid var(--mat-sys-outline-variant); }
    .code { font-family: monospace; }
    .changed .before { color: var(--mat-sys-error); text-decoration: line-through; }
    .changed .after { color: var(--mat-sys-primary); font-weight: 500; }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditDiff {
  readonly before = input<Record<string, unknown> | null>(null);
  readonly after = input<Record<string, unknown> | null>(null);
  protected readonly rows = computed(() => auditDiff(this.before(), this.after()));
}
