import type { Log } from '../log.js';
import { LayoutStore } from './layout.js';
import type { Reference } from './reference.js';
import type { CredentialResolver } from './registry/credentials.js';
import { RegistryStore } from './registry/store.js';
import { RegistryTransport, type TransportOptions } from './registry/transport.js';
import type { ImageStore } from './store.js';

export interface StoreOptions {
  credentials: CredentialResolver;
  log: Log;
  insecureRegistries?: string[];
  chunkSize?: number;
  transport?: Partial<TransportOptions>;
}

/**
 * Hands out one store per repository or layout directory, sharing one transport (and so one
 * token cache and one ping) per registry host.
 */
export class Stores {
  private readonly transports = new Map<string, RegistryTransport>();
  private readonly layouts = new Map<string, LayoutStore>();

  constructor(private readonly options: StoreOptions) {}

  transport(registry: string): RegistryTransport {
    let t = this.transports.get(registry);
    if (!t) {
      t = new RegistryTransport(registry, {
        credentials: this.options.credentials,
        log: this.options.log,
        insecureRegistries: this.options.insecureRegistries ?? [],
        ...this.options.transport,
      });
      this.transports.set(registry, t);
    }
    return t;
  }

  storeFor(ref: Reference): ImageStore {
    if (ref.kind === 'layout') {
      let s = this.layouts.get(ref.dir);
      if (!s) this.layouts.set(ref.dir, (s = new LayoutStore(ref.dir)));
      return s;
    }
    return new RegistryStore(this.transport(ref.registry), ref.repository, this.options.chunkSize);
  }
}
