/** The one error type of Bursar. Its shape is Stripe's error envelope. */
export type ErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface ErrorOptions {
  status: number;
  type: ErrorType;
  message: string;
  code?: string;
  param?: string;
  declineCode?: string;
  /** Extra fields Stripe puts beside the standard ones (e.g. `payment_method`). */
  extra?: Record<string, unknown>;
  /** The request's writes commit though it fails (a declined charge is recorded). */
  keepChanges?: boolean;
}

export interface ErrorBody {
  error: {
    type: ErrorType;
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
    [key: string]: unknown;
  };
}

export class BursarError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly keepChanges: boolean;

  constructor(options: ErrorOptions) {
    super(options.message);
    this.name = 'BursarError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code;
    this.param = options.param;
    this.declineCode = options.declineCode;
    this.extra = options.extra;
    this.keepChanges = options.keepChanges ?? false;
  }

  /** The same error, answered after the request's writes commit. */
  keepingChanges(): BursarError {
    return new BursarError({
      status: this.status,
      type: this.type,
      message: this.message,
      code: this.code,
      param: this.param,
      declineCode: this.declineCode,
      extra: this.extra,
      keepChanges: true,
    });
  }

  /**
   * The same error about a parameter nested under `prefix` (`items[0][price]` under
   * `subscription_details` is `subscription_details[items][0][price]`), where a service
   * that names its own parameters is called for a nested hash.
   */
  nestedUnder(prefix: string): BursarError {
    if (!this.param) return this;
    const at = this.param.indexOf('[');
    const param = at < 0 ? `${prefix}[${this.param}]` : `${prefix}[${this.param.slice(0, at)}]${this.param.slice(at)}`;
    return new BursarError({
      status: this.status, type: this.type, message: this.message.replaceAll(this.param, param), code: this.code, param,
      declineCode: this.declineCode, extra: this.extra, keepChanges: this.keepChanges,
    });
  }

  toResponse(): { status: number; body: ErrorBody } {
    const error: ErrorBody['error'] = { type: this.type, message: this.message };
    if (this.code) error.code = this.code;
    if (this.param) error.param = this.param;
    if (this.declineCode) error.decline_code = this.declineCode;
    if (this.extra) Object.assign(error, this.extra);
    return { status: this.status, body: { error } };
  }

  static invalid(message: string, param?: string, code?: string): BursarError {
    return new BursarError({ status: 400, type: 'invalid_request_error', message, param, code });
  }

  /** Stripe's 404 for an id that does not exist in the caller's project and mode. */
  static notFound(resource: string, id: string, param = 'id'): BursarError {
    return new BursarError({
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${resource}: '${id}'`,
      param,
    });
  }

  static unauthorized(message: string, code?: string): BursarError {
    return new BursarError({ status: 401, type: 'invalid_request_error', message, code });
  }

  static card(message: string, code: string, declineCode?: string, extra?: Record<string, unknown>): BursarError {
    return new BursarError({ status: 402, type: 'card_error', message, code, declineCode, extra });
  }

  static idempotency(message: string, status = 400, code?: string): BursarError {
    return new BursarError({ status, type: 'idempotency_error', message, code });
  }

  static internal(message = 'An unexpected error occurred. Please try again.'): BursarError {
    return new BursarError({ status: 500, type: 'api_error', message });
  }
}
