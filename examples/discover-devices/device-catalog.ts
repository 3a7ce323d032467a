import type { Deadline } from 'c2c-account-linking';

export interface CatalogDevice {
  readonly id: string;
  readonly name: string;
  readonly model: string;
}

/** The example's own port: where the vendor lists a user's devices (its cloud API, in a real connector). */
export interface DeviceCatalog {
  devicesOf(userId: string, deadline: Deadline): Promise<readonly CatalogDevice[]>;
}
