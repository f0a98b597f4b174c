package io.tracemate.common.tenant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The tenants one read covers: one tenant, or several for a cross-tenant query ({@code X-Scope-OrgID: a|b}, as Loki
 * and Tempo read it). Never empty; the tenants are de-duplicated and sorted, so {@code b|a|a} and {@code a|b} are
 * the same scope and print the same way ({@link #header()}), as dskit normalises them.
 *
 * <p>Immutable.
 *
 * @param tenants the tenants, sorted, at least one
 */
public record TenantScope(SortedSet<TenantId> tenants) {
  /** Separates the tenants of a scope in {@code X-Scope-OrgID}. */
  public static final char SEPARATOR = '|';

  /**
   * Most tenants one scope may name: a header cannot make a query fan out without bound. Each ID is at most 150
   * bytes, so a header within this bound stays well under common 8 KiB header limits.
   */
  public static final int MAX_TENANTS = 50;

  /** The scope of single-tenant operation: {@link TenantId#DEFAULT} alone. */
  public static final TenantScope DEFAULT = of(TenantId.DEFAULT);

  public TenantScope {
    if (tenants == null || tenants.isEmpty()) {
      throw new InvalidTenantException("a tenant scope names at least one tenant");
    }
    if (tenants.size() > MAX_TENANTS) {
      throw new InvalidTenantException(
          "a tenant scope names at most " + MAX_TENANTS + " tenants, got " + tenants.size());
    }
    tenants = Collections.unmodifiableSortedSet(new TreeSet<>(tenants));
  }

  /** The scope of the given tenants. */
  public static TenantScope of(TenantId first, TenantId... more) {
    TreeSet<TenantId> all = new TreeSet<>();
    all.add(first);
    all.addAll(List.of(more));
    return new TenantScope(all);
  }

  /** The scope of the given tenants (at least one). */
  public static TenantScope of(Collection<TenantId> tenants) {
    return new TenantScope(new TreeSet<>(tenants));
  }

  /**
   * Reads {@code X-Scope-OrgID}'s form: tenant IDs separated by {@code |}. Each must be a valid {@link TenantId};
   * an empty part ({@code a||b}, a trailing {@code |}) is refused rather than skipped, since it is a typo.
   *
   * @throws InvalidTenantException naming the rule a part breaks, and which part
   */
  public static TenantScope parse(String header) {
    if (header == null || header.isEmpty()) {
      throw new InvalidTenantException("empty tenant scope: " + TenantId.RULE);
    }
    List<String> parts = split(header);
    TreeSet<TenantId> tenants = new TreeSet<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      try {
        tenants.add(new TenantId(part));
      } catch (InvalidTenantException e) {
        throw parts.size() == 1
            ? e
            : new InvalidTenantException(
                "tenant " + (i + 1) + " of " + parts.size() + ": " + e.getMessage());
      }
    }
    return new TenantScope(tenants);
  }

  private static List<String> split(String header) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < header.length(); i++) {
      if (header.charAt(i) == SEPARATOR) {
        parts.add(header.substring(start, i));
        start = i + 1;
        if (parts.size() > MAX_TENANTS) {
          // Checked while splitting: a hostile header of 100000 separators costs nothing more.
          throw new InvalidTenantException(
              "a tenant scope names at most " + MAX_TENANTS + " tenants");
        }
      }
    }
    parts.add(header.substring(start));
    return parts;
  }

  /** Whether this scope is one tenant only. */
  public boolean isSingle() {
    return tenants.size() == 1;
  }

  /** The one tenant of a single-tenant scope. */
  public TenantId single() {
    if (!isSingle()) {
      throw new IllegalStateException("scope " + header() + " has several tenants");
    }
    return tenants.first();
  }

  /** Whether {@code tenant} is in this scope. */
  public boolean contains(TenantId tenant) {
    return tenants.contains(tenant);
  }

  /** The tenants as a set (sorted). */
  public Set<TenantId> asSet() {
    return tenants;
  }

  /** The scope in {@code X-Scope-OrgID}'s form, sorted: {@code a|b}. */
  public String header() {
    return tenants.stream().map(TenantId::value).collect(Collectors.joining("|"));
  }

  @Override
  public String toString() {
    return header();
  }
}
