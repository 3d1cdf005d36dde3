import { Injectable } from '@nestjs/common';

/** Injected wherever time matters, so tests can pin it (SLA working days, watermarks). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
