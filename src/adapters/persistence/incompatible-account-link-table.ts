/** An existing table does not have the keys and index DynamoDbAccountLinkRepository reads and writes. */
export class IncompatibleAccountLinkTable extends Error {
  constructor(
    readonly tableName: string,
    readonly differences: readonly string[],
  ) {
    super(`The table ${tableName} does not have the account link layout: ${differences.join('; ')}.`);
    this.name = 'IncompatibleAccountLinkTable';
  }
}
