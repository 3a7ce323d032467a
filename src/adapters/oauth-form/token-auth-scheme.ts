/** How the client authenticates at the authorization server (`C2C_TOKEN_AUTH_SCHEME`). */
export type TokenAuthScheme = 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';
