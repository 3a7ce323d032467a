/** Where the checker gets the tokens it sends: the embedded authorization server, or the team's own. */
export interface TokenSource {
  readonly description: string;
  /**
   * The settings the connector under test needs to trust this source and reach the device API of its users
   * (environment variable → value), or
   * undefined when the connector is already configured for the team's own authorization server.
   */
  readonly connectorSettings: Readonly<Record<string, string>> | undefined;
  /** Whether `validToken('second')` gives a token of another user than `validToken('first')`. */
  readonly hasSecondUser: boolean;
  /** A fresh valid access token of the user, each call a new one. */
  validToken(user: 'first' | 'second'): Promise<string>;
  /** A token the connector must refuse (bad signature), when the source has one. */
  invalidToken(): Promise<string | undefined>;
  /** A token past its `exp`, when the source has one. */
  expiredToken(): Promise<string | undefined>;
  /** Makes the connector's upstream (key set, userinfo) slow, when the source can; see EmbeddedTokenSource. */
  readonly slowUpstream: SlowUpstream | undefined;
  close(): Promise<void>;
}

export interface SlowUpstream {
  /** While slow, every answer of the upstream is delayed this long. */
  readonly delayMs: number;
  /** A valid token signed with a key the connector has not seen, so that it must go upstream for it. */
  begin(): Promise<string>;
  end(): void;
}
