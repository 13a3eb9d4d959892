import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import {
  HEADCOUNT_KIND_LABELS,
  HEADCOUNT_KIND_VALUES,
  type HeadcountKindValue,
  type HeadcountRecord,
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_KIND_VALUES,
  type OrganizationDetails,
  type OrganizationKindValue,
  type OrganizationTreeNode,
} from '@karta/contracts';
import { can } from '@karta/domain';
import { AuthService } from '../../core/auth/auth.service';
import { buildTree, errorMessage, fieldErrors, flattenTree, formatLocalDate } from './organization-format';
import { OrganizationsApi } from './organizations-api.service';

const URL_PATTERN = /^https?:\/\/[^\s/$.?#].[^\s]*$/i;

/** The organization card: details, edit form and headcount history; with no id, the creation form. */
@Component({
  selector: 'karta-organization-card',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButton,
    MatIcon,
    MatCard,
    MatCardHeader,
    MatCardTitle,
    MatCardContent,
    MatCheckbox,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatSelect,
    MatOption,
    MatTableModule,
    MatProgressBar,
  ],
  templateUrl: './organization-card.html',
  styleUrl: './organization-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganizationCard implements OnInit {
  private readonly api = inject(OrganizationsApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);

  /** Route parameter; absent on /organizations/new. */
  readonly id = input<string>();
  /** Query parameter of /organizations/new. */
  readonly parentId = input<string>();

  protected readonly kindLabels: Readonly<Record<string, string>> = ORGANIZATION_KIND_LABELS;
  protected readonly kinds = ORGANIZATION_KIND_VALUES;
  protected readonly headcountLabels: Readonly<Record<string, string>> = HEADCOUNT_KIND_LABELS;
  protected readonly headcountKinds = HEADCOUNT_KIND_VALUES;
  protected readonly historyColumns = ['effectiveFrom', 'kind', 'value'];
  protected readonly formatDate = formatLocalDate;

  protected readonly organization = signal<OrganizationDetails | null>(null);
  protected readonly history = signal<HeadcountRecord[]>([]);
  protected readonly parents = signal<{ node: OrganizationTreeNode; depth: number }[]>([]);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly creating = computed(() => !this.id());
  protected readonly canWrite = computed(() => {
    const role = this.auth.currentUser()?.role;
    return role !== undefined && can(role, 'organizations.write');
  });

  protected readonly form = this.fb.group({
    parentId: [''],
    code: ['', [Validators.required, Validators.maxLength(64)]],
    name: ['', [Validators.required, Validators.maxLength(500)]],
    shortName: ['', [Validators.required, Validators.maxLength(200)]],
    kind: ['school' as OrganizationKindValue, Validators.required],
    headName: ['', Validators.maxLength(300)],
    phone: ['', Validators.maxLength(64)],
    email: ['', [Validators.email, Validators.maxLength(320)]],
    address: ['', Validators.maxLength(500)],
    maxChannelUrl: ['', [Validators.pattern(URL_PATTERN), Validators.maxLength(500)]],
    isActive: [true],
  });

  protected readonly headcountForm = this.fb.group({
    kind: ['students_stat' as HeadcountKindValue, Validators.required],
    value: [null as number | null, [Validators.required, Validators.min(0), Validators.pattern(/^\d+$/)]],
    effectiveFrom: ['', Validators.required],
  });

  ngOnInit(): void {
    this.api
      .tree()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((nodes) => this.parents.set(flattenTree(buildTree(nodes))));
    if (!this.canWrite()) this.form.disable();
    const id = this.id();
    if (!id) {
      this.form.controls.parentId.setValue(this.parentId() ?? '');
      this.form.controls.parentId.addValidators(Validators.required);
      return;
    }
    this.form.controls.code.disable();
    this.load(id);
  }

  private load(id: string): void {
    this.loading.set(true);
    this.api
      .get(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (organization) => {
          this.loading.set(false);
          this.organization.set(organization);
          this.form.patchValue({
            parentId: organization.parentId ?? '',
            code: organization.code,
            name: organization.name,
            shortName: organization.shortName,
            kind: organization.kind,
            headName: organization.headName ?? '',
            phone: organization.phone ?? '',
            email: organization.email ?? '',
            address: organization.address ?? '',
            maxChannelUrl: organization.maxChannelUrl ?? '',
            isActive: organization.isActive,
          });
          this.form.markAsPristine();
        },
        error: (error: unknown) => {
          this.loading.set(false);
          this.error.set(errorMessage(error));
        },
      });
    this.loadHistory(id);
  }

  private loadHistory(id: string): void {
    this.api
      .headcounts(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((history) => this.history.set(history));
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const fields = {
      name: value.name,
      shortName: value.shortName,
      kind: value.kind,
      headName: value.headName || null,
      phone: value.phone || null,
      email: value.email || null,
      address: value.address || null,
      maxChannelUrl: value.maxChannelUrl || null,
    };
    const current = this.organization();
    const request = current
      ? this.api.update(current.id, {
          ...fields,
          isActive: value.isActive,
          ...(value.parentId && value.parentId !== current.parentId ? { parentId: value.parentId } : {}),
        })
      : this.api.create({ ...fields, parentId: value.parentId, code: value.code });
    this.saving.set(true);
    this.error.set(null);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.snackBar.open(current ? 'Изменения сохранены' : 'Организация добавлена', 'OK', { duration: 4000 });
        if (current) {
          this.organization.set(saved);
          this.form.markAsPristine();
        } else {
          void this.router.navigate(['/organizations', saved.id]);
        }
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.error.set(errorMessage(error));
        for (const problem of fieldErrors(error)) {
          this.form.get(problem.field)?.setErrors({ server: problem.messages.join('; ') });
          this.form.get(problem.field)?.markAsTouched();
        }
      },
    });
  }

  protected addHeadcount(): void {
    const current = this.organization();
    if (!current || this.headcountForm.invalid) {
      this.headcountForm.markAllAsTouched();
      return;
    }
    const value = this.headcountForm.getRawValue();
    this.api
      .addHeadcount(current.id, { kind: value.kind, value: Number(value.value), effectiveFrom: value.effectiveFrom })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.snackBar.open('Численность сохранена', 'OK', { duration: 4000 });
          this.headcountForm.reset({ kind: value.kind, value: null, effectiveFrom: '' });
          this.load(current.id);
        },
        error: (error: unknown) => this.snackBar.open(errorMessage(error), 'OK', { duration: 6000 }),
      });
  }

  protected serverError(field: string): string | null {
    const errors = this.form.get(field)?.errors;
    return typeof errors?.['server'] === 'string' ? errors['server'] : null;
  }
}
