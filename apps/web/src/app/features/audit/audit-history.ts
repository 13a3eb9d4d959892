import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { AuditApi } from './audit-api';
import { AuditDiff } from './audit-diff';
import { auditActionLabel } from './audit-labels';

/** The audit trail of one object (newest first), each entry expandable to its before → after. */
@Component({
  selector: 'karta-audit-history',
  imports: [MatButton, ZonedDatePipe, AuditDiff],
  template: `
    @if (history.error()) {
      <p class="muted" role="status">Журнал изменений недоступен.</p>
    } @else if (history.value(); as page) {
      @if (page.items.length === 0) {
        <p class="muted">Записей нет.</p>
      }
      <ol class="history" aria-label="Журнал изменений">
        @for (entry of page.items; track entry.id) {
          <li class="history-entry">
            <div class="line">
              <span class="when">{{ entry.at | zonedDate: 'datetime' }}</span>
              <span class="what">{{ actionLabel(entry.action) }}</span>
              <span class="who">{{ entry.actor?.fullName ?? 'Система' }}</span>
              <button mat-button type="button" [attr.aria-expanded]="expanded() === entry.id" (click)="toggle(entry.id)">
                {{ expanded() === entry.id ? 'Скрыть' : 'Изменения' }}
              </button>
            </div>
            @if (expanded() === entry.id) {
              <karta-audit-diff [before]="entry.before" [after]="entry.after" />
            }
          </li>
        }
      </ol>
      @if (page.total > page.items.length) {
        <p class="muted">Показаны последние {{ page.items.length }} из {{ page.total }}; весь журнал — в разделе «Журнал действий».</p>
      }
    }
  `,
  styles: `
    .history { list-style: none; margin: 0; padding: 0; }
    .history-entry { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 4px 0; }
    .line { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
    .when, .who, .muted { color: var(--mat-sys-on-surface-variant); }
    .what { font-weight: 500; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditHistory {
  private readonly api = inject(AuditApi);
  readonly entityType = input.required<string>();
  readonly entityId = input.required<string>();
  /** The object's version: when it changes, the trail is fetched again. */
  readonly revision = input<number>(0);

  protected readonly expanded = signal<string | null>(null);
  protected readonly actionLabel = auditActionLabel;
  protected readonly history = rxResource({
    params: computed(() => ({ type: this.entityType(), id: this.entityId(), revision: this.revision() })),
    stream: ({ params }) => this.api.history(params.type, params.id),
  });

  protected toggle(id: string): void {
    this.expanded.update((current) => (current === id ? null : id));
  }
}
