import { OPTIONAL_PACKAGES, type OptionalPackage } from './optional-packages.js';

/**
 * A feature was asked for whose optional package is not installed (the install used `--omit=optional`).
 * Thrown when that feature starts, never on import; the message names the package and the command that
 * installs it, and is meant to be shown as it is, without a stack.
 */
export class OptionalDependencyMissing extends Error {
  /** e.g. `npm install dynalite@4.0.0` */
  readonly installCommand: string;

  constructor(
    readonly packageName: OptionalPackage,
    readonly feature: string,
    options: { cause: unknown },
  ) {
    const installCommand = `npm install ${packageName}@${OPTIONAL_PACKAGES[packageName]}`;
    super(
      `${feature} needs the package ${packageName}, an optional dependency of c2c-account-linking that is not installed. ` +
        `Install it with \`${installCommand}\`.`,
      options,
    );
    this.name = 'OptionalDependencyMissing';
    this.installCommand = installCommand;
  }
}
