/** A stored item does not have the layout DynamoDbAccountLinkRepository writes. Names the field, never its value. */
export class MalformedAccountLinkItem extends Error {
  constructor(
    readonly associationId: string,
    readonly field: string,
  ) {
    super(`The stored account link ${associationId} has a missing or malformed ${field}.`);
    this.name = 'MalformedAccountLinkItem';
  }
}
