/** One field's validation problems; `field` is a dotted path such as `items.0.title`. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** The single error body every API error answers with. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  fieldErrors?: FieldError[];
  requestId?: string;
}
