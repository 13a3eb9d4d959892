import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import type { ApiError, OrganizationTreeNode, UserSummary } from '@karta/contracts';
import { assignableRoles, isRole, ROLES, type Role } from '@karta/domain';
import { combineLatest, debounceTime, distinctUntilChanged, map, startWith, Subject } from 'rxjs';
import { pagedList } from '../../core/list/paged-list';
import { AuthService } from '../../core/auth/auth.service';
import { ROLE_LABELS } from '../../core/auth/role-labels';
import { PasswordDialog, type PasswordDialogData } from './password-dialog';
import { UserDialog, type UserDialogData, type UserDialogResult } from './user-dialog';
import { UsersApi } from './users-api.service';

type ActiveFilter = 'active' | 'inactive' | 'all';

interface Filters {
  q: string;
  role: Role | null;
  active: ActiveFilter;
  page: number;
  pageSize: number;
}

function readFilters(params: Record<string, string | undefined>): Filters {
  const active = params['active'];
  return {
    q: params['q'] ?? '',
    role: isRole(params['role']) ? params['role'] : null,
    active: active === 'inactive' || active === 'all' ? active : 'active',
    page: Math.max(1, Number(params['page']) || 1),
    pageSize: [25, 50, 100].includes(Number(params['pageSize'])) ? Number(params['pageSize']) : 50,
  };
}

function messageOf(error: unknown): string {
  const body = error instanceof HttpErrorResponse ? (error.error as Partial<ApiError> | null) : null;
  return body?.message ?? 'Не удалось выполнить действие';
}

@Component({
  selector: 'karta-users-page',
  imports: [FormsModule, MatButton, MatFormField, MatLabel, MatInput, MatSelect, MatOption, MatTableModule, MatPaginator, MatProgressBar],
  templateUrl: './users-page.html',
  styleUrl: './users-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);
  private readonly search = new Subject<string>();
  private readonly reload = new Subject<void>();
  private readonly me = inject(AuthService).currentUser;

  protected readonly roles = ROLES;
  protected readonly roleLabels: Readonly<Record<string, string>> = ROLE_LABELS;
  protected readonly columns = ['fullName', 'email', 'role', 'organization', 'status', 'actions'];
  protected readonly filters = toSignal(this.route.queryParams.pipe(map(readFilters)), { requireSync: true });
  private readonly list = pagedList(
    combineLatest([this.route.queryParams.pipe(map(readFilters)), this.reload.pipe(startWith(undefined))]).pipe(map(([filters]) => filters)),
    (filters) =>
      this.api.list({
        q: filters.q || undefined,
        role: filters.role ?? undefined,
        active: filters.active === 'all' ? undefined : filters.active === 'active',
        page: filters.page,
        pageSize: filters.pageSize,
      }),
    messageOf,
  );
  protected readonly page = this.list.page;
  protected readonly organizations = signal<OrganizationTreeNode[]>([]);
  protected readonly loading = this.list.loading;
  protected readonly error = this.list.error;

  constructor() {
    this.api
      .organizations()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((organizations) => this.organizations.set(organizations));
    this.search
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe((q) => this.navigate({ q: q || null, page: null }));
  }

  protected isSelf(user: UserSummary): boolean {
    return user.id === this.me()?.id;
  }

  /** Whether the caller may manage this user at all (the server checks again). */
  protected manageable(user: UserSummary): boolean {
    const role = this.me()?.role;
    return !!role && !this.isSelf(user) && assignableRoles(role).includes(user.role);
  }

  protected onSearch(value: string): void {
    this.search.next(value.trim());
  }

  protected onRole(role: Role | null): void {
    this.navigate({ role, page: null });
  }

  protected onActive(active: ActiveFilter): void {
    this.navigate({ active: active === 'active' ? null : active, page: null });
  }

  protected onPage(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected create(): void {
    this.openEditor(null);
  }

  protected edit(user: UserSummary): void {
    this.openEditor(user);
  }

  private openEditor(user: UserSummary | null): void {
    this.dialog
      .open<UserDialog, UserDialogData, UserDialogResult>(UserDialog, { data: { user, organizations: this.organizations() } })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        if (!result) return;
        this.reload.next();
        if (result.oneTimePassword) this.showPassword(result.user, result.oneTimePassword);
        else this.snackBar.open('Изменения сохранены', 'OK', { duration: 4000 });
      });
  }

  protected resetPassword(user: UserSummary): void {
    if (!confirm(`Выдать новый одноразовый пароль пользователю ${user.fullName}? Текущий пароль перестанет действовать.`)) return;
    this.api
      .resetPassword(user.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => this.showPassword(result.user, result.oneTimePassword),
        error: (error: unknown) => this.snackBar.open(messageOf(error), 'OK', { duration: 6000 }),
      });
  }

  protected setActive(user: UserSummary, isActive: boolean): void {
    if (!isActive && !confirm(`Отключить пользователя ${user.fullName}? Он сразу потеряет доступ.`)) return;
    this.api
      .update(user.id, { isActive })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.snackBar.open(isActive ? 'Пользователь включён' : 'Пользователь отключён', 'OK', { duration: 4000 });
          this.reload.next();
        },
        error: (error: unknown) => this.snackBar.open(messageOf(error), 'OK', { duration: 6000 }),
      });
  }

  private showPassword(user: UserSummary, oneTimePassword: string): void {
    this.dialog.open<PasswordDialog, PasswordDialogData>(PasswordDialog, {
      data: { fullName: user.fullName, email: user.email, oneTimePassword },
      disableClose: true,
    });
  }

  private navigate(params: Record<string, string | number | null>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: params, queryParamsHandling: 'merge' });
  }
}
