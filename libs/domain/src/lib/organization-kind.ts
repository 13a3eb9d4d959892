/** Kinds of the nodes of the region → district → organization tree. */
export const ORGANIZATION_KINDS = ['region', 'department', 'school', 'kindergarten', 'additional_education', 'other'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/**
 * Inner nodes of the tree (a region, a district's education department): their indicator figures are
 * rollups of their subtree, themselves included where an indicator evaluates them.
 */
export const INNER_ORGANIZATION_KINDS: readonly OrganizationKind[] = ['region', 'department'];

/**
 * Educational organizations: an indicator's scope when its roadmap file names no kinds (orders speak of
 * «образовательные организации»; kind `other` — an accounting office, a methodical centre — is not one).
 */
export const EDUCATIONAL_ORGANIZATION_KINDS: readonly OrganizationKind[] = ['school', 'kindergarten', 'additional_education'];

export function isInnerOrganizationKind(kind: string): boolean {
  return (INNER_ORGANIZATION_KINDS as readonly string[]).includes(kind);
}
