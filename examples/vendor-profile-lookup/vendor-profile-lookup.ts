import axios, { type AxiosInstance } from 'axios';
import {
  IdentityProviderUnavailable,
  InvalidToken,
  type AccessToken,
  type Deadline,
  type IdentityOutcome,
  type IdentitySource,
} from 'c2c-account-linking';

export interface VendorProfileLookupOptions {
  /** The vendor's "who am I" endpoint, e.g. `https://api.vendor.example/v2/me`. */
  readonly profileUrl: string;
  /** Recorded as the identity's issuer; prefixes the userId so ids of two vendors never collide. */
  readonly vendor: string;
}

/** What the vendor answers: not OIDC, no `sub`; the account number is the stable id. */
interface VendorProfile {
  readonly account?: { readonly accountNumber?: unknown; readonly status?: unknown };
}

/**
 * An identity source for a vendor profile API that is not OpenID Connect. Register it by name with
 * `createConnector(config, { identitySources: { acme: new VendorProfileLookup(...) } })`.
 */
export class VendorProfileLookup implements IdentitySource {
  constructor(
    private readonly options: VendorProfileLookupOptions,
    private readonly http: AxiosInstance = axios.create({ maxRedirects: 0, proxy: false, validateStatus: () => true }),
  ) {}

  async identify(token: AccessToken, deadline: Deadline): Promise<IdentityOutcome> {
    let status: number;
    let body: VendorProfile;
    try {
      const response = await this.http.get<VendorProfile>(this.options.profileUrl, {
        headers: { Authorization: `Bearer ${token.reveal()}`, Accept: 'application/json' },
        timeout: Math.max(1, deadline.remainingMs()),
        signal: deadline.signal,
        responseType: 'json',
      });
      status = response.status;
      body = response.data;
    } catch {
      // The axios error is dropped on purpose: its config holds the bearer token.
      throw new IdentityProviderUnavailable('The vendor profile API could not be reached.');
    }
    // Not a token of this vendor: the next source in C2C_IDENTITY_SOURCES may know it.
    if (status === 401 || status === 403) return { recognised: false, reason: `the vendor profile API rejected it (HTTP ${status})` };
    if (status !== 200) throw new IdentityProviderUnavailable(`The vendor profile API answered HTTP ${status}.`);

    const accountNumber = body.account?.accountNumber;
    if ((typeof accountNumber !== 'number' && typeof accountNumber !== 'string') || String(accountNumber) === '') {
      throw new InvalidToken('The vendor profile has no account number.');
    }
    if (body.account?.status === 'closed') throw new InvalidToken('The vendor account is closed.');
    const subject = String(accountNumber);
    return {
      recognised: true,
      claims: { userId: `${this.options.vendor}.${subject}`, issuer: this.options.vendor, subject, source: 'acme' },
    };
  }
}
