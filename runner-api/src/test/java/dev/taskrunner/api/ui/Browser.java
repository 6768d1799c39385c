package dev.taskrunner.api.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through the system's chromedriver (nothing downloaded: Selenium
 * Manager is never asked). Without chromium the browser tests are skipped with how to enable them,
 * except on CI ({@code CI=true}), where a missing browser fails them.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /** Generous: CI is a loaded 2-core machine. */
  static final Duration WAIT = Duration.ofSeconds(60);
  final ChromeDriver driver;

  private Browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,1000", "--no-first-run", "--disable-extensions", "--disable-background-networking");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(WAIT);
  }

  /** A browser, or the test skipped (failed on CI) when chromium or chromedriver is missing. */
  static Browser open() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String how = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
        + ": apt-get install -y chromium chromium-driver (or set CHROMIUM and CHROMEDRIVER)";
    if (!present) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(how + " — CI=true, so this fails instead of skipping");
      }
      Assumptions.abort("skipped: " + how);
    }
    return new Browser();
  }

  void go(String url) {
    driver.get(url);
  }

  /** Waits for {@code condition}; an element re-rendered meanwhile (stale) is looked up again. */
  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** Waits until the text of {@code css}'s attribute {@code name} is {@code value}. */
  void attributeIs(String css, String name, String value) {
    until(d -> value.equals(d.findElement(By.cssSelector(css)).getAttribute(name)));
  }

  WebElement visible(String css) {
    return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  void textIs(String css, String text) {
    until(d -> text.equals(d.findElement(By.cssSelector(css)).getText().trim()));
  }

  void narrow() {
    driver.manage().window().setSize(new Dimension(390, 900));
  }

  /** Saves a screenshot as {@code target/screenshots/NAME.png}. */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
