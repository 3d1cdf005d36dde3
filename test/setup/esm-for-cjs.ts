import * as common from '@nestjs/common';
import * as core from '@nestjs/core';

// See cjs-requires-esm.cjs: the ESM modules that CommonJS dependencies require, for Jest only.
(globalThis as { __esmForCjs?: Record<string, unknown> }).__esmForCjs = { '@nestjs/common': common, '@nestjs/core': core };
