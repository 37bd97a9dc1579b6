/** The SDK keys its cache by strings and symbols. */
type CacheKey = { toString(): string };

/**
 * A tenant-token cache of the adapter's own. The SDK's default cache is module-wide; one per
 * adapter keeps two adapters (or two tests) from sharing tokens.
 */
export class TokenCache {
  private readonly values = new Map<string, { value: unknown; expiresAt?: number }>();

  async get(key: CacheKey, options?: { namespace?: string }): Promise<unknown> {
    const entry = this.values.get(this.key(key, options));
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) return undefined;
    return entry.value;
  }

  async set(
    key: CacheKey,
    value: unknown,
    expiresAt?: number,
    options?: { namespace?: string },
  ): Promise<boolean> {
    this.values.set(this.key(key, options), expiresAt === undefined ? { value } : { value, expiresAt });
    return true;
  }

  private key(key: CacheKey, options?: { namespace?: string }): string {
    return `${options?.namespace ?? ''}/${key.toString()}`;
  }
}
