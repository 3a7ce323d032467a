// Shared by the DTOs and the fast path, in a module of their own so that the fast path loads no class-validator.
export const OPERATION_NAME_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
export const OPERATION_VERSION_PATTERN = /^\d{1,4}(\.\d{1,4}){0,2}$/;
export const CONNECTOR_ID_PATTERN = /^[A-Za-z0-9._:/-]{1,256}$/;
