/** Every list endpoint answers with a page of items and the total count for the filter. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
