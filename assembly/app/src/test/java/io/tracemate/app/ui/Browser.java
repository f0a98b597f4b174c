package io.tracemate.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through Debian's chromedriver, both named explicitly so that Selenium never
 * looks for (or downloads) a browser or driver of its own. 1280×800, the size the UI must work at.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getProperty("tracemate.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("tracemate.chromedriver", "/usr/bin/chromedriver"));
  private static final Duration WAIT = Duration.ofSeconds(30);

  final ChromeDriver driver;
  private final Path screenshots;

  Browser(Path screenshots) throws IOException {
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(binary)) {
        throw new AssertionError(
            "The web UI end-to-end tests need Debian's chromium and chromedriver, but "
                + binary
                + " is missing. Install them with: apt-get install -y chromium chromium-driver "
                + "(CI's .ci/run does), or point -Dtracemate.chromium=/-Dtracemate.chromedriver= at other builds.");
      }
    }
    this.screenshots = Files.createDirectories(screenshots);
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1280,800",
                "--disable-extensions",
                "--no-first-run",
                "--disable-search-engine-choice-screen",
                // The machine's network is closed: no background calls home, updates or sync at
                // start-up.
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    // --window-size sizes the window, not the page: pin the viewport itself to 1280×800.
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
  }

  /**
   * Waits until the condition gives neither null nor false (what it gives is returned), or fails naming {@code what}
   * after a screenshot.
   */
  <T> T await(String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
          .withMessage(what)
          .until(condition);
    } catch (RuntimeException e) {
      screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
      throw e;
    }
  }

  WebElement awaitElement(String what, By by) {
    return await(
        what,
        d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  /** Waits until at least one element matches; all of them. */
  List<WebElement> awaitAll(String what, By by) {
    return await(
        what,
        d -> {
          List<WebElement> found = d.findElements(by);
          return found.isEmpty() ? null : found;
        });
  }

  /** Waits for the first element that matches and whose text contains {@code text}. */
  WebElement awaitContaining(String what, By by, String text) {
    return await(
        what,
        d ->
            d.findElements(by).stream()
                .filter(element -> element.getText().contains(text))
                .findFirst()
                .orElse(null));
  }

  /** Saves a PNG under target/ui-screenshots for a person (or the next engineer) to look at. */
  Path screenshot(String name) {
    try {
      Path file = screenshots.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException | RuntimeException e) {
      return null; // a missing screenshot must not hide the real failure
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
