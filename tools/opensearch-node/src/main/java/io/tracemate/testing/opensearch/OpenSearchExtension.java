package io.tracemate.testing.opensearch;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shares one {@link OpenSearchNode} among every test class of a test run (one surefire JVM, so one node per module
 * run): the first class that needs it starts it, and JUnit closes it when the run ends. Register it on each class
 * that needs a node, then read {@link #node()}:
 *
 * <pre>
 * &#64;RegisterExtension static final OpenSearchExtension OPENSEARCH = new OpenSearchExtension();
 * ... OPENSEARCH.node().httpUri() ...
 * </pre>
 *
 * <p>Tests share the node's cluster, so each keeps to indices of its own (a prefix of its own) and removes them.
 * With {@code -Dtracemate.opensearch.url=http://127.0.0.1:9200} the tests use that cluster instead of starting a
 * node (a developer's faster loop; CI always starts one). Thread-safe.
 */
public final class OpenSearchExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OpenSearchExtension.class);

  private volatile OpenSearchNode node;

  private static final String EXTERNAL = "tracemate.opensearch.url";

  @Override
  public void beforeAll(ExtensionContext context) {
    if (System.getProperty(EXTERNAL) != null) {
      return;
    }
    // The root context's store lives as long as the run; JUnit closes AutoCloseable values it holds
    // at the end.
    node =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                OpenSearchNode.class, key -> OpenSearchNode.start(), OpenSearchNode.class);
  }

  /** Where the cluster answers: the started node's {@link OpenSearchNode#httpUri()}, or the external one. */
  public java.net.URI httpUri() {
    String external = System.getProperty(EXTERNAL);
    return external != null ? java.net.URI.create(external) : node().httpUri();
  }

  /** The running node; only after JUnit called {@link #beforeAll}. */
  public OpenSearchNode node() {
    OpenSearchNode current = node;
    if (current == null) {
      throw new IllegalStateException("the OpenSearch node starts before the test class's tests");
    }
    return current;
  }
}
