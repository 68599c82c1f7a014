import { Injectable } from '@nestjs/common';

/** The time, behind a seam so tests can pin it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  isoNow(): string {
    return this.now().toISOString();
  }
}
