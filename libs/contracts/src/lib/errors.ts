/** One field's validation problems; `field` is a dotted path such as `items.0.title`. */
export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * Stable reasons of errors:
 * - `redis_unavailable` (503): the request needs the job queue or Redis, which is unavailable now;
 *   nothing was changed, repeat it in a minute.
 */
export type ApiErrorCode = 'redis_unavailable';

/** The single error body every API error answers with. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  /** A stable, machine-readable reason where the status alone is not enough (`ApiErrorCode`). */
  code?: ApiErrorCode;
  fieldErrors?: FieldError[];
  requestId?: string;
}
