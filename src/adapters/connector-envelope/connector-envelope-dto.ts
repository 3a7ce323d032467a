// class-transformer's @Type reads design metadata: load the polyfill wherever the DTOs are, not only in the container.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsNotEmptyObject,
  IsObject,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_ACCESS_TOKEN_LENGTH } from '../../domain/access-token.js';

import { CONNECTOR_ID_PATTERN, OPERATION_NAME_PATTERN, OPERATION_VERSION_PATTERN } from './envelope-field-patterns.js';

export { CONNECTOR_ID_PATTERN, OPERATION_NAME_PATTERN, OPERATION_VERSION_PATTERN };

/** The shapes the managed-integrations API gives a secret's ARN (20 to 2048 characters) and VersionId. */
export const SECRET_ARN_PATTERN = /^arn:aws:secretsmanager:[0-9a-zA-Z-]{1,32}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{8,520}$/;
export const SECRET_VERSION_ID_PATTERN = /^[a-zA-Z0-9-_]{32,64}$/;

export class SecretsManagerDto {
  @IsString()
  @Length(20, 2048)
  @Matches(SECRET_ARN_PATTERN, { message: 'arn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)' })
  arn!: string;

  @IsString()
  @Matches(SECRET_VERSION_ID_PATTERN, { message: 'versionId must be 32 to 64 of [a-zA-Z0-9-_]' })
  versionId!: string;
}

export class AuthDto {
  @IsIn(['OAuth2.0', 'GeneralAuthorization'])
  type!: 'OAuth2.0' | 'GeneralAuthorization';

  @ValidateIf((auth: AuthDto) => auth.type === 'OAuth2.0')
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ACCESS_TOKEN_LENGTH)
  token?: string;

  @ValidateIf((auth: AuthDto) => auth.type === 'GeneralAuthorization')
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SecretsManagerDto)
  secretsManager?: SecretsManagerDto;
}

export class HeaderDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AuthDto)
  auth!: AuthDto;
}

export class PayloadDto {
  @IsString()
  @Matches(OPERATION_NAME_PATTERN, { message: 'operationName must be 1 to 128 of [A-Za-z0-9._:-]' })
  operationName!: string;

  @IsString()
  @Matches(OPERATION_VERSION_PATTERN, { message: 'operationVersion must look like "1.0" or "1.0.0"' })
  operationVersion!: string;

  @IsString()
  @Matches(CONNECTOR_ID_PATTERN, { message: 'connectorId must be 1 to 256 of [A-Za-z0-9._:/-]' })
  connectorId!: string;
}

/** The JSON envelope managed integrations sends to a connector Lambda. */
export class ConnectorEnvelopeDto {
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => HeaderDto)
  header!: HeaderDto;

  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => PayloadDto)
  payload!: PayloadDto;
}

