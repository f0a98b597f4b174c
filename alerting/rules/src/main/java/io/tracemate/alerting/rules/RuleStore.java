package io.tracemate.alerting.rules;

import io.tracemate.common.tenant.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where rules are kept: the operator's rule directory, read-only, laid out as Loki's ruler {@code local} storage
 * ({@code <dir>/<tenant>/<namespace>}: each file a namespace named by its file name), and the namespaces set through
 * the ruler APIs, stored as rule files under the data directory ({@code <data>/rules/<tenant>/<encoded namespace>.yaml},
 * written atomically and forced to disk before the API answers). A namespace the rule directory holds cannot be
 * changed through the API. A file that does not load is logged with its errors and skipped. Thread-safe for the
 * ruler's use: writes are serialised by the ruler.
 */
final class RuleStore {
  private static final Logger log = LoggerFactory.getLogger(RuleStore.class);
  private static final String SUFFIX = ".yaml";

  private final Path rulesDirectory; // null: none
  private final Path apiDirectory;
  private final RuleGroupParser parser;

  RuleStore(Path rulesDirectory, Path apiDirectory, RuleGroupParser parser) {
    this.rulesDirectory = rulesDirectory;
    this.apiDirectory = apiDirectory;
    this.parser = parser;
  }

  /** Every tenant's namespaces, from both places; namespaces sorted by name. */
  Map<TenantId, Map<String, Namespace>> loadAll() throws IOException {
    Map<TenantId, Map<String, Namespace>> out = new TreeMap<>();
    if (rulesDirectory != null && Files.isDirectory(rulesDirectory)) {
      load(rulesDirectory, true, out);
    }
    if (Files.isDirectory(apiDirectory)) {
      load(apiDirectory, false, out);
    }
    return out;
  }

  /**
   * A namespace: its groups, whether it is read-only to the API (from the rule directory, or built in), and whether
   * it is the built-in default rules.
   */
  record Namespace(String name, List<RuleGroup> groups, boolean readOnly, boolean builtIn) {
    Namespace {
      groups = List.copyOf(groups);
    }

    Namespace(String name, List<RuleGroup> groups, boolean readOnly) {
      this(name, groups, readOnly, false);
    }
  }

  private void load(Path root, boolean readOnly, Map<TenantId, Map<String, Namespace>> out)
      throws IOException {
    try (DirectoryStream<Path> tenants = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path tenantDirectory : tenants) {
        String tenantName = tenantDirectory.getFileName().toString();
        if (!TenantId.isValid(tenantName)) {
          log.warn("Skipping {}: {} is not a valid tenant ID", tenantDirectory, tenantName);
          continue;
        }
        TenantId tenant = TenantId.parse(tenantName);
        try (DirectoryStream<Path> files =
            Files.newDirectoryStream(tenantDirectory, Files::isRegularFile)) {
          for (Path file : files) {
            String fileName = file.getFileName().toString();
            if (fileName.startsWith(".") || fileName.endsWith(".tmp")) {
              continue;
            }
            String namespace = readOnly ? fileName : decode(fileName);
            if (namespace == null) {
              continue;
            }
            try {
              List<RuleGroup> groups =
                  parser.parseFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
              Map<String, Namespace> namespaces = out.computeIfAbsent(tenant, t -> new TreeMap<>());
              if (namespaces.containsKey(namespace)) {
                log.warn(
                    "Skipping {}: namespace {} of tenant {} is already in the rule directory",
                    file,
                    namespace,
                    tenant);
                continue;
              }
              namespaces.put(namespace, new Namespace(namespace, groups, readOnly));
            } catch (RuleFormatException e) {
              log.error("Rule file {} does not load: {}", file, String.join("\n  ", e.errors()));
            } catch (IOException | RuntimeException e) {
              log.error("Rule file {} cannot be read: {}", file, e.toString());
            }
          }
        }
      }
    }
  }

  /** Stores a namespace set through the API (all its groups), durably; empty: removes it. */
  void write(TenantId tenant, String namespace, List<RuleGroup> groups) throws IOException {
    Path file = apiDirectory.resolve(tenant.value()).resolve(encode(namespace));
    if (groups.isEmpty()) {
      AtomicFiles.delete(file);
      return;
    }
    AtomicFiles.write(file, RuleGroupWriter.file(groups).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A namespace as a file name: letters, digits, {@code - _ .} as they are, every other byte as {@code %XX}, so any
   * namespace (even {@code ..} or one with a slash) stays a file inside its tenant's directory.
   */
  static String encode(String namespace) {
    StringBuilder out = new StringBuilder();
    for (byte b : namespace.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.append(SUFFIX).toString();
  }

  /** The namespace of an encoded file name, or null when it is not one. */
  static String decode(String fileName) {
    if (!fileName.endsWith(SUFFIX)) {
      return null;
    }
    String encoded = fileName.substring(0, fileName.length() - SUFFIX.length());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          return null;
        }
        try {
          bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        } catch (NumberFormatException e) {
          return null;
        }
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Namespaces as the API lists them: name to groups. */
  static Map<String, List<RuleGroup>> groupsOf(Map<String, Namespace> namespaces) {
    Map<String, List<RuleGroup>> out = new LinkedHashMap<>();
    namespaces.forEach((name, ns) -> out.put(name, new ArrayList<>(ns.groups())));
    return out;
  }
}
