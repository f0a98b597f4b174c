/**
 * A real OpenSearch for tests: {@link io.tracemate.testing.opensearch.OpenSearchNode} starts one node of the
 * integ-test distribution (unpacked by Maven into {@code tools/opensearch-node/target/}) on loopback as an
 * unprivileged user, and {@link io.tracemate.testing.opensearch.OpenSearchExtension} shares it among the test
 * classes of a run, so a module's tests pay for one start-up (about 30 to 50 seconds on the 2-core CI machine).
 *
 * <p>No test uses a mock of OpenSearch: the backends' contract suites and the server's end-to-end tests run
 * against this node.
 */
package io.tracemate.testing.opensearch;
