import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '@karta/contracts';

/**
 * The OpenAPI shape of `Page<T>` for one item type: `class UserPageDto extends PageDtoOf(UserSummaryDto) {}`.
 * Swagger needs a concrete class per item type; this keeps them one line each.
 */
export function PageDtoOf<T>(itemType: Type<T>): Type<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: [itemType] }) items!: T[];
    @ApiProperty() total!: number;
    @ApiProperty() page!: number;
    @ApiProperty() pageSize!: number;
  }
  // A distinct schema name per item type, should the base ever be referenced directly.
  Object.defineProperty(PageDto, 'name', { value: `${itemType.name}Page` });
  return PageDto;
}
