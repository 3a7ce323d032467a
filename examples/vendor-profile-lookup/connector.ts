import { createConnector, loadConfig } from 'c2c-account-linking';
import { VendorProfileLookup } from './vendor-profile-lookup.js';

// The Lambda entry of a connector whose identities come from the vendor's profile API:
// C2C_USERINFO_URL names that API, and the vendor lookup replaces the OIDC userinfo adapter.
const config = loadConfig({ C2C_IDENTITY_SOURCES: 'userinfo', ...process.env });
const profileUrl = config.userinfo?.url ?? 'https://api.vendor.example/v2/me';

export const { handler } = createConnector(config, {
  ports: { identityLookup: new VendorProfileLookup({ profileUrl, vendor: 'acme' }) },
});
