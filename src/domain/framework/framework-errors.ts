/** A framework version, once loaded, must keep its content: records made against it keep their meaning. */
export class FrameworkVersionChanged extends Error {
  readonly code = 'FRAMEWORK.VERSION_CHANGED';
  constructor(
    readonly framework: string,
    readonly version: string,
    source: string,
  ) {
    super(
      `${source}: framework ${framework} version ${version} is already loaded with different content. ` +
        'Records made against a version must keep their meaning: give the changed file a new version.',
    );
  }
}

export class FrameworkNotFound extends Error {
  readonly code = 'FRAMEWORK.NOT_FOUND';
  constructor(framework: string) {
    super(`No framework ${framework} is loaded`);
  }
}
