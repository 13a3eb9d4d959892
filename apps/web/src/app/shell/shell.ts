import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { ROLE_LABELS } from '../core/auth/role-labels';
import { RussianPaginatorIntl } from '../core/ui/russian-paginator-intl';
import { NAV_ITEMS } from './navigation';
import { can } from '@karta/domain';

/** Below this width the side navigation becomes an overlay opened from the toolbar. */
const NARROW_SCREEN = '(max-width: 1023.98px)';

@Component({
  selector: 'karta-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbar,
    MatButton,
    MatIconButton,
    MatIcon,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    MatNavList,
    MatListItem,
    MatListItemIcon,
    MatListItemTitle,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
  ],
  // Every paginator is on a page inside the shell. Provided here rather than app-wide: importing the
  // paginator in the app's config put it, with the select, form field and overlay it uses, into the
  // initial bundle (≈ 190 kB) that the login page loads too.
  providers: [{ provide: MatPaginatorIntl, useClass: RussianPaginatorIntl }],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Shell {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly navItems = computed(() => {
    const role = this.auth.currentUser()?.role;
    return NAV_ITEMS.filter((item) => !item.permission || (role !== undefined && can(role, item.permission)));
  });
  protected readonly user = this.auth.currentUser;
  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : '';
  });
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_SCREEN)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly signingOut = signal(false);

  protected signOut(): void {
    this.signingOut.set(true);
    this.auth.logout().subscribe(() => void this.router.navigateByUrl('/login'));
  }
}
