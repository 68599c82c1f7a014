// ESM all the way: @nestjs/*, @kubernetes/client-node and simple-statistics ship
// only ES modules, so tests run under Node's VM modules with SWC emitting ESM.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/algorithms', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          target: 'es2022',
          keepClassNames: true,
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        },
        module: { type: 'es6' },
      },
    ],
  },
  testTimeout: 30000,
  // Names the run, so that test files in parallel workers compile dist/ once between them.
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
};
