package dev.taskrunner.api.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.api.events.SseClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The page on a node with a token: asked once, kept in sessionStorage, never in a URL; a wrong one refused. */
class TokenIT {
  static final String TOKEN = "tok-3f9a";
  @TempDir
  Path temp;
  private OperatorNode node;
  private Browser browser;

  @BeforeEach
  void open() {
    browser = Browser.open();
    node = new OperatorNode(temp.resolve("work"), TOKEN);
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private void enter(String token) {
    WebElement input = browser.visible("#token-input");
    input.clear();
    input.sendKeys(token);
    browser.find("#token-submit").click();
  }

  @Test
  void thePageAsksForTheTokenRefusesAWrongOneAndWorksWithTheRightOne() throws Exception {
    String id = SseClient.id(node.post("/v1/tasks", "{\"machine\": \"echo\", \"name\": \"guarded\", \"parameters\": [\"ECHO hi\"]}").body());
    browser.go(node.url() + "/ui");
    browser.visible("#token-dialog");
    browser.screenshot("token-prompt");
    enter("wrong");
    browser.until(d -> d.findElement(By.id("token-error")).getText().contains("refused"));
    assertTrue(browser.driver.findElements(By.cssSelector("tr[data-task-id]")).isEmpty(), "nothing shown without the token");
    enter(TOKEN);
    browser.visible("tr[data-task-id='" + id + "']");
    browser.until(d -> "events: live".equals(d.findElement(By.id("live")).getText()));
    assertEquals(TOKEN, browser.driver.executeScript("return sessionStorage.getItem('taskrunner.token')"));
    assertFalse(browser.driver.getCurrentUrl().contains(TOKEN));
    // asked once: another page of the same tab needs no new prompt
    browser.go(node.url() + "/ui#/node");
    browser.textIs("#node-health", "ok");
    assertFalse(browser.find("#token-dialog").isDisplayed());
  }

  @Test
  void theApiStillRefusesStateChangesWithoutTheTokenAndThePageCarriesItsSecurityHeaders() throws Exception {
    HttpResponse<String> stop = node.http.send(HttpRequest.newBuilder(java.net.URI.create(node.url() + "/v1/tasks/x/stop"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, stop.statusCode());
    HttpResponse<String> page = node.http.send(HttpRequest.newBuilder(java.net.URI.create(node.url() + "/ui")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertFalse(page.body().contains("<script>"), "no inline script");
    HttpResponse<String> unknown = node.http.send(HttpRequest.newBuilder(java.net.URI.create(node.url() + "/ui/..%2fopenapi.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, unknown.statusCode());
  }
}
