import type { IndicatorStatusValue, OrganizationKindValue } from '@karta/contracts';

/**
 * The organization lists under the cards: below target, did not report, headcount missing. Each is
 * what `GET /api/indicators/:id/organizations?status=` returns, and each card count opens its list.
 */
export const ORGANIZATION_LISTS = ['not_met', 'no_data', 'no_denominator'] as const satisfies readonly IndicatorStatusValue[];
export type OrganizationList = (typeof ORGANIZATION_LISTS)[number];

export const ORGANIZATION_LIST_LABELS: Readonly<Record<OrganizationList, string>> = {
  not_met: 'Ниже цели',
  // Not INDICATOR_STATUS_LABELS' «Нет данных»: the list is of those who did not report, apart from missing headcounts.
  no_data: 'Не сдали данные',
  no_denominator: 'Нет знаменателя',
};

export const ORGANIZATION_LIST_EMPTY: Readonly<Record<OrganizationList, string>> = {
  not_met: 'Организаций ниже цели нет.',
  no_data: 'Данные сдали все организации.',
  no_denominator: 'Знаменатель есть у всех организаций.',
};

export function isOrganizationList(value: string | null): value is OrganizationList {
  return (ORGANIZATION_LISTS as readonly (string | null)[]).includes(value);
}

/** Organization kinds in the plural, as the targets by kind read: «школы — 75,0%, остальные — 15,0%». */
export const ORGANIZATION_KIND_PLURALS: Readonly<Record<OrganizationKindValue, string>> = {
  region: 'регионы',
  department: 'органы управления образованием',
  school: 'школы',
  kindergarten: 'детские сады',
  additional_education: 'организации дополнительного образования',
  other: 'иные организации',
};

/** The kinds of the largest group when others are named before it. */
export const OTHER_KINDS_LABEL = 'остальные';

/** «все виды» in the target editor: a stage for every kind of the indicator. */
export const ALL_KINDS_LABEL = 'Все виды';
