package io.tracemate.app.ui;

import io.tracemate.testing.TemporaryFolder;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser and the demo-fed server every web UI test class needs, as a JUnit extension to register in a static
 * field ({@code @RegisterExtension static final DemoUi UI = new DemoUi();}). Before the class's first test, and
 * before its own {@code @BeforeAll} methods (which wait for the data they need), it starts the {@link Browser}
 * first, so that a missing chromium fails at once, then a {@link DemoBackend} over a temporary folder of its own;
 * after the last test it closes both and deletes the folder. Screenshots go to {@code target/ui-screenshots}.
 */
final class DemoUi implements BeforeAllCallback, AfterAllCallback {
  private Browser browser;
  private TemporaryFolder dataDir;
  private DemoBackend backend;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    browser = new Browser(Path.of("target", "ui-screenshots"));
    dataDir = TemporaryFolder.create("tracemate-ui-test");
    backend = new DemoBackend(dataDir.path());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try (TemporaryFolder folder = dataDir) {
      if (browser != null) {
        browser.close();
      }
      if (backend != null) {
        backend.close();
      }
    }
  }

  Browser browser() {
    return browser;
  }

  DemoBackend backend() {
    return backend;
  }
}
