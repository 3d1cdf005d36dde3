// Jest 29 cannot `require()` an ES module, which Node (>= 20.19) does natively: @nestjs/throttler
// ships CommonJS that requires the ESM-only @nestjs/common and @nestjs/core. Under Jest only, its
// requires of those two are served from the ESM instances that test/setup/esm-for-cjs.ts imported
// (the same instances the app uses). Production loads the package natively.
const ESM_ONLY = /require\("(@nestjs\/common|@nestjs\/core)"\)/g;
module.exports = {
  process(source) {
    return { code: source.replace(ESM_ONLY, (_m, id) => `globalThis.__esmForCjs[${JSON.stringify(id)}]`) };
  },
};
