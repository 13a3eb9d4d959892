import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { TaskActionCode, TaskDetails, TaskEvidenceItem } from '@karta/contracts';
import { Observable } from 'rxjs';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { AuditHistory } from '../audit/audit-history';
import { ACTION_LABELS, describeEvent, errorMessage, formatBytes, indicatorStatusLabel, STATUS_LABELS, textPromptFor } from './task-labels';
import { AssigneesDialog } from './assignees-dialog';
import { TasksApi } from './tasks-api';
import { TextPromptDialog, TextPromptData } from './text-prompt-dialog';
import { saveBlob } from '../../core/files/save-blob';

interface UploadItem {
  key: number;
  name: string;
  progress: number;
  error: string | null;
  done: boolean;
}

let uploadKey = 0;

@Component({
  selector: 'karta-task-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatCard,
    MatCardHeader,
    MatCardTitle,
    MatCardContent,
    MatButton,
    MatIconButton,
    MatIcon,
    MatFormField,
    MatLabel,
    MatInput,
    MatProgressBar,
    ZonedDatePipe,
    AuditHistory,
  ],
  templateUrl: './task-page.html',
  styleUrl: './task-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskPage {
  private readonly api = inject(TasksApi);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly task = signal<TaskDetails | null>(null);
  protected readonly notFound = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly uploads = signal<UploadItem[]>([]);
  protected readonly dragging = signal(false);

  protected readonly statusLabels = STATUS_LABELS;
  protected readonly indicatorLabel = indicatorStatusLabel;
  protected readonly actionLabels = ACTION_LABELS;
  protected readonly describeEvent = describeEvent;
  protected readonly formatBytes = formatBytes;

  protected readonly link = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly text = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly comment = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly progressText = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly extensionDate = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly extensionReason = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly decisionDate = new FormControl('', { nonNullable: true });
  protected readonly decisionComment = new FormControl('', { nonNullable: true });

  /** Earlier rounds and removed items: what was submitted before. */
  protected readonly history = computed(() => {
    const task = this.task();
    if (!task) return [];
    const rounds = new Map<number, TaskEvidenceItem[]>();
    for (const item of task.evidenceHistory) {
      if (item.round === task.currentRound && item.removedAt === null) continue;
      rounds.set(item.round, [...(rounds.get(item.round) ?? []), item]);
    }
    return [...rounds.entries()].sort(([a], [b]) => b - a).map(([round, items]) => ({ round, items }));
  });

  protected readonly coExecutorNames = computed(() => (this.task()?.coExecutors ?? []).map((user) => user.fullName).join(', '));

  protected readonly timeline = computed(() => [...(this.task()?.timeline ?? [])].reverse());

  constructor() {
    effect(() => this.load(this.id()));
  }

  private load(id: string): void {
    this.api
      .get(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (task) => this.show(task),
        error: (error: { status?: number }) => {
          if (error.status === 404) this.notFound.set(true);
          else this.loadError.set(errorMessage(error));
        },
      });
  }

  private show(task: TaskDetails): void {
    this.task.set(task);
    this.notFound.set(false);
    this.loadError.set(null);
    const pending = task.pendingExtension;
    if (pending && !this.decisionDate.value) this.decisionDate.setValue(pending.requestedDueAt.slice(0, 10));
  }

  private reload(): void {
    this.load(this.id());
  }

  /** Runs a call that answers with the updated task, showing the server's message on failure. */
  private run(call: Observable<TaskDetails>, after?: () => void): void {
    this.busy.set(true);
    this.actionError.set(null);
    call.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (task) => {
        this.busy.set(false);
        this.show(task);
        after?.();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.actionError.set(errorMessage(error));
      },
    });
  }

  protected act(action: TaskActionCode): void {
    const task = this.task();
    if (!task) return;
    const prompt = textPromptFor(task.status, action);
    if (!prompt) {
      this.run(this.api.transition(task.id, action, task.version));
      return;
    }
    this.dialog
      .open<TextPromptDialog, TextPromptData, string>(TextPromptDialog, { data: { ...prompt, confirm: ACTION_LABELS[action] } })
      .afterClosed()
      .subscribe((comment) => {
        if (comment) this.run(this.api.transition(task.id, action, task.version, comment));
      });
  }

  protected assign(): void {
    const task = this.task();
    if (!task) return;
    this.dialog
      .open<AssigneesDialog, TaskDetails, TaskDetails>(AssigneesDialog, { data: task })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) this.show(saved);
      });
  }

  protected onFiles(files: FileList | null | undefined): void {
    const task = this.task();
    if (!task || !files) return;
    for (const file of Array.from(files)) {
      const item: UploadItem = { key: ++uploadKey, name: file.name, progress: 0, error: null, done: false };
      this.uploads.update((list) => [...list, item]);
      const patch = (changes: Partial<UploadItem>) =>
        this.uploads.update((list) => list.map((u) => (u.key === item.key ? { ...u, ...changes } : u)));
      this.api
        .uploadFile(task.id, file)
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({
          next: (event) => {
            if (event.type === HttpEventType.UploadProgress && event.total) patch({ progress: Math.round((100 * event.loaded) / event.total) });
            if (event.type === HttpEventType.Response) {
              patch({ progress: 100, done: true });
              this.reload();
            }
          },
          error: (error: unknown) => patch({ error: errorMessage(error) }),
        });
    }
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    this.onFiles(event.dataTransfer?.files);
  }

  protected onDragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(true);
  }

  protected dismissUpload(key: number): void {
    this.uploads.update((list) => list.filter((u) => u.key !== key));
  }

  protected addLink(): void {
    const task = this.task();
    const url = this.link.value.trim();
    if (!task || !url) return;
    this.runEvidence(this.api.addLink(task.id, url), () => this.link.reset());
  }

  protected addText(): void {
    const task = this.task();
    const text = this.text.value.trim();
    if (!task || !text) return;
    this.runEvidence(this.api.addText(task.id, text), () => this.text.reset());
  }

  protected remove(item: TaskEvidenceItem): void {
    const task = this.task();
    if (!task) return;
    this.runEvidence(this.api.removeEvidence(task.id, item.id));
  }

  private runEvidence(call: Observable<unknown>, after?: () => void): void {
    this.actionError.set(null);
    call.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: () => {
        after?.();
        this.reload();
      },
      error: (error: unknown) => this.actionError.set(errorMessage(error)),
    });
  }

  protected download(item: TaskEvidenceItem): void {
    const task = this.task();
    if (!task) return;
    this.api.download(task.id, item.id).subscribe({
      next: (blob) => saveBlob(blob, item.fileName ?? 'файл'),
      error: (error: unknown) => this.actionError.set(errorMessage(error)),
    });
  }

  protected addComment(): void {
    const task = this.task();
    const text = this.comment.value.trim();
    if (!task || !text) return;
    this.run(this.api.comment(task.id, text), () => this.comment.reset());
  }

  protected requestProgress(): void {
    const task = this.task();
    if (task) this.run(this.api.requestProgress(task.id));
  }

  protected reportProgress(): void {
    const task = this.task();
    const text = this.progressText.value.trim();
    if (!task || !text) return;
    this.run(this.api.reportProgress(task.id, text), () => this.progressText.reset());
  }

  protected requestExtension(): void {
    const task = this.task();
    if (!task) return;
    this.run(
      this.api.requestExtension(task.id, { reason: this.extensionReason.value.trim(), requestedDueDate: this.extensionDate.value }),
      () => {
        this.extensionReason.reset();
        this.extensionDate.reset();
      },
    );
  }

  protected decideExtension(decision: 'grant' | 'refuse'): void {
    const task = this.task();
    const pending = task?.pendingExtension;
    if (!task || !pending) return;
    this.run(
      this.api.decideExtension(task.id, pending.id, {
        decision,
        comment: this.decisionComment.value.trim(),
        ...(decision === 'grant' && this.decisionDate.value ? { newDueDate: this.decisionDate.value } : {}),
      }),
      () => {
        this.decisionComment.reset();
        this.decisionDate.reset();
      },
    );
  }
}
