export interface AccountAssociationArnsOptions {
  /** `AWS_REGION`, e.g. `us-east-1`. */
  readonly region: string;
  /** `C2C_AWS_ACCOUNT_ID`: 12 digits. */
  readonly accountId: string;
}

/** The Arn of each account association, on managed integrations' pattern (MI-API §3). */
export class AccountAssociationArns {
  constructor(private readonly options: AccountAssociationArnsOptions) {}

  of(associationId: string): string {
    return `arn:aws:iotmanagedintegrations:${this.options.region}:${this.options.accountId}:account-association/${associationId}`;
  }
}
