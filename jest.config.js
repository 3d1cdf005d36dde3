// Jest runs TypeScript as native ESM (NestJS 12 and TypeORM 1 are ESM-only), so the test script sets
// NODE_OPTIONS=--experimental-vm-modules. ts-jest transpiles only (isolatedModules); `npm run typecheck`
// is the type gate.
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Relative imports carry `.js` (nodenext); map them back to the `.ts` sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest, '/node_modules/@nestjs/throttler/.+\\.js$': '<rootDir>/test/setup/cjs-requires-esm.cjs' },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/throttler/)'],
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup/no-external-network.ts', '<rootDir>/test/setup/esm-for-cjs.ts'],
};

/** @type {import('jest').Config} */
export default {
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
