import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/configuration.js';

/**
 * Where trials reach the API (for the push API): PUBLIC_URL when configured,
 * else the address this process itself listens on, once it does.
 */
@Injectable()
export class ApiAddress {
  private listening?: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  listeningAt(url: string): void {
    this.listening = url;
  }

  get url(): string | undefined {
    return this.config.PUBLIC_URL ?? this.listening;
  }
}
