import { createConnector, loadConfig } from 'c2c-account-linking';
import { VendorProfileLookup } from './vendor-profile-lookup.js';

// The Lambda entry of a connector whose identities come from the vendor's profile API, registered as the
// identity source "acme" (C2C_IDENTITY_SOURCES=acme, or left unset to try it after the built-in ones).
// ACME_PROFILE_URL is this team's own variable, not one of the package's.
const profileUrl = process.env['ACME_PROFILE_URL'] ?? 'https://api.vendor.example/v2/me';

export const { handler } = createConnector(loadConfig(process.env), {
  identitySources: { acme: new VendorProfileLookup({ profileUrl, vendor: 'acme' }) },
});
