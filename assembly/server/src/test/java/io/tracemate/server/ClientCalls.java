package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The call tables of {@link ClientCompatibilityTest}: one YAML file per client version under
 * {@code client-calls/} (test resources), naming the client, the version and the source files read, and every HTTP
 * call that version makes with the parameters and headers its source sends. Adding a client version is adding a
 * file (or rows); README's "Client compatibility" section says how. Stateless.
 *
 * <p>Values may name the times and IDs of the data the test sends as {@code ${name}} (see
 * {@link ClientCompatibilityTest}); {@code params} are form-encoded in the order given, as browsers'
 * {@code URLSearchParams} and Go's {@code url.Values} encode them, and {@code rawParams} are appended as they are
 * (for clients that send a value unencoded); {@code form} is a POST body of form parameters, encoded the same way
 * and sent as {@code application/x-www-form-urlencoded} (Grafana's Prometheus data source posts its queries).
 */
final class ClientCalls {
  static final String FOLDER = "client-calls";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

  private ClientCalls() {}

  /** One client version's table. */
  record Table(String client, String version, List<String> read, List<Row> calls) {}

  /** One call as the table states it. */
  record Row(
      String call,
      String method,
      String path,
      Map<String, String> params,
      String rawParams,
      Map<String, String> form,
      Map<String, String> headers,
      Integer status,
      String shape,
      Integer atLeast) {}

  /** One call of one client version, ready to send once its variables are known. */
  record Call(String client, String version, Row row) {
    String method() {
      return row.method() != null ? row.method() : row.form() != null ? "POST" : "GET";
    }

    /** The form body, variables filled in, or null when the call sends none. */
    String formBody(Map<String, String> variables) {
      return row.form() == null ? null : encode(row.form(), variables);
    }

    int status() {
      return row.status() == null ? 200 : row.status();
    }

    int atLeast() {
      return row.atLeast() == null ? 1 : row.atLeast();
    }

    Map<String, String> headers(Map<String, String> variables) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (row.headers() != null) {
        row.headers().forEach((name, value) -> headers.put(name, expand(value, variables)));
      }
      return headers;
    }

    /** The path with its query string, variables filled in. */
    String pathAndQuery(Map<String, String> variables) {
      List<String> pairs = new ArrayList<>();
      if (row.params() != null) {
        pairs.add(encode(row.params(), variables));
      }
      if (row.rawParams() != null) {
        pairs.add(expand(row.rawParams(), variables));
      }
      String path = expand(row.path(), variables);
      return pairs.isEmpty() ? path : path + "?" + String.join("&", pairs);
    }

    @Override
    public String toString() {
      return client + " " + version + ": " + row.call();
    }

    private static String encode(Map<String, String> params, Map<String, String> variables) {
      List<String> pairs = new ArrayList<>();
      params.forEach(
          (name, value) ->
              pairs.add(
                  URLEncoder.encode(name, UTF_8)
                      + "="
                      + URLEncoder.encode(expand(value, variables), UTF_8)));
      return String.join("&", pairs);
    }
  }

  /** Every call of every table, in file order. */
  static List<Call> all() {
    List<Call> calls = new ArrayList<>();
    for (Table table : tables()) {
      for (Row row : table.calls()) {
        calls.add(new Call(table.client(), table.version(), row));
      }
    }
    return calls;
  }

  static List<Table> tables() {
    URL folder = ClientCalls.class.getClassLoader().getResource(FOLDER);
    if (folder == null) {
      throw new IllegalStateException(FOLDER + " is not on the test class path");
    }
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      List<Table> tables = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        tables.add(YAML.readValue(file.toFile(), Table.class));
      }
      return tables;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String expand(String text, Map<String, String> variables) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = variables.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "unknown variable ${"
                + matcher.group(1)
                + "} in "
                + text
                + "; known: "
                + variables.keySet());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
