import type { ErrorKey } from './contract.ts';

/** Why an app endpoint request is refused: the contract's envelope for `refused`, filled with `values`. */
export class Refusal {
  readonly refused: ErrorKey;
  readonly values: Record<string, unknown>;
  constructor(refused: ErrorKey, values: Record<string, unknown>) {
    this.refused = refused;
    this.values = values;
  }
}

export const refuse = (error: ErrorKey, message = '', extra: Record<string, unknown> = {}): Refusal => new Refusal(error, { message, ...extra });
