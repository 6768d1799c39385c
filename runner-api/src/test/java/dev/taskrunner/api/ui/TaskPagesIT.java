package dev.taskrunner.api.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The operator's page in a real browser against a real node: submit, watch live, follow output, stop, delete. */
class TaskPagesIT {
  @TempDir
  Path temp;
  private OperatorNode node;
  private Browser browser;

  @BeforeEach
  void open() {
    browser = Browser.open();
    node = new OperatorNode(temp.resolve("work"), "");
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

  private String submitThroughTheForm(String parameters, String name) {
    browser.go(node.url() + "/ui#/submit");
    WebElement params = browser.visible("#f-parameters");
    params.clear();
    params.sendKeys(parameters);
    browser.find("#f-name").sendKeys(name);
    browser.find("#f-submit").click();
    return browser.visible("#submitted-link").getText();
  }

  private String rowState(String id) {
    return browser.driver.findElement(By.cssSelector("tr[data-task-id='" + id + "']")).getAttribute("data-state");
  }

  @Test
  void aTaskSubmittedThroughTheFormAppearsAndGoesRunningThenExitedWithoutAReload() {
    String id = submitThroughTheForm("[\"SLEEP 2\", \"ECHO done\"]", "live one");
    browser.go(node.url() + "/ui#/tasks");
    browser.visible("tr[data-task-id='" + id + "']");
    // the page is never reloaded from here on: a marker on window would vanish with a reload
    browser.driver.executeScript("window.notReloaded = true");
    browser.until(d -> "running".equals(rowState(id)));
    browser.until(d -> "exited".equals(rowState(id)));
    // the state is written, not only coloured
    browser.until(d -> d.findElement(By.cssSelector("tr[data-task-id='" + id + "']")).getText().matches("(?s).*exited.*succeeded.*"));
    assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.notReloaded === true"));
    browser.screenshot("tasks");
  }

  @Test
  void theTaskPageStreamsTheOutputShowsTheDefinitionAndStopsTheTaskAfterAConfirmation() {
    String id = submitThroughTheForm("[\"ECHO first line\", \"SLEEP 1\", \"ECHO second line\", \"SLEEP 60\", \"CLEANUP\", \"ECHO cleaned up\"]",
        "stoppable");
    browser.go(node.url() + "/ui#/task/" + id);
    browser.until(d -> browser.find("#task-output").getText().contains("first line"));
    browser.until(d -> browser.find("#task-output").getText().contains("second line"));
    browser.until(d -> browser.find("#task-definition").getText().contains("\"SLEEP 60\""));
    browser.screenshot("task");
    browser.find("#task-stop").click();
    browser.visible("#confirm-dialog");
    browser.screenshot("task-confirm-stop");
    browser.find("#confirm-ok").click();
    browser.until(d -> "canceled".equals(browser.find("dd[data-field='outcome']").getText()));
    browser.until(d -> browser.find("#task-output").getText().contains("cleaned up"));
    browser.until(d -> browser.find("dd[data-field='state']").getText().contains("exited"));
    // delete, confirmed: back to the list, and the task is gone
    browser.find("#task-delete").click();
    browser.visible("#confirm-dialog");
    browser.find("#confirm-ok").click();
    browser.until(d -> d.getCurrentUrl().endsWith("#/tasks"));
    browser.until(d -> d.findElements(By.cssSelector("tr[data-task-id='" + id + "']")).isEmpty());
  }

  @Test
  void aCanceledConfirmationStopsNothing() throws Exception {
    String id = submitThroughTheForm("[\"SLEEP 60\"]", "kept");
    browser.go(node.url() + "/ui#/task/" + id);
    browser.until(d -> browser.find("dd[data-field='state']").getText().contains("running"));
    browser.find("#task-stop").click();
    browser.visible("#confirm-dialog");
    browser.find("#confirm-cancel").click();
    assertFalse(node.service.get(id).state().isFinal());
    assertEquals("running", node.service.get(id).state().json());
  }

  @Test
  void aScriptInATaskNameStaysText() throws Exception {
    String name = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    String created = node.post("/v1/tasks", "{\"machine\": \"echo\", \"name\": \"" + name.replace("\"", "\\\"")
        + "\", \"parameters\": [\"ECHO <b>bold</b>\"]}").body();
    String id = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(created).get("taskId").asText();
    browser.go(node.url() + "/ui#/tasks");
    browser.visible("tr[data-task-id='" + id + "'] td.name");
    browser.until(d -> name.equals(d.findElement(By.cssSelector("tr[data-task-id='" + id + "'] td.name")).getText()));
    assertTrue(browser.driver.findElements(By.cssSelector("td.name script, td.name img")).isEmpty());
    browser.go(node.url() + "/ui#/task/" + id);
    browser.until(d -> browser.find("#task-output").getText().contains("<b>bold</b>"));
    assertTrue(browser.driver.findElements(By.cssSelector("#task-output b, #task-summary script")).isEmpty());
    // an alert would make every call fail with UnhandledAlertException; one more call proves there was none
    browser.until(d -> browser.find("#task-summary").getText().contains(name));
  }

  @Test
  void aQueuedTaskShowsWhatItWaitsForAndItsHolderWhatItHolds() throws Exception {
    assertEquals(201, node.post("/v1/tasks", "{\"machine\": \"echo\", \"id\": \"holder\", \"parameters\": [\"SLEEP 600\"],"
        + " \"resources\": {\"exclusive\": [\"disk7\"], \"shared\": [\"lpar01\"]}}").statusCode());
    assertEquals(201, node.post("/v1/tasks", "{\"machine\": \"echo\", \"id\": \"waiter\", \"parameters\": [\"ECHO hi\"],"
        + " \"resources\": {\"exclusive\": [\"disk7\"]}}").statusCode());
    assertEquals(201, node.post("/v1/tasks", "{\"machine\": \"echo\", \"id\": \"dependent\", \"parameters\": [\"ECHO hi\"],"
        + " \"after\": [\"holder\"], \"afterAny\": true}").statusCode());

    browser.go(node.url() + "/ui#/tasks");
    browser.until(d -> d.findElement(By.cssSelector("tr[data-task-id='waiter']")).getText()
        .contains("waiting for exclusive disk7, held by holder"));
    browser.screenshot("tasks-waiting");

    // The page draws its fields again every second: each read is a wait, which finds the element anew.
    browser.go(node.url() + "/ui#/task/waiter");
    browser.textIs("dd[data-field='waitingFor']", "exclusive disk7, held by holder");
    browser.textIs("dd[data-field='resources']", "exclusive disk7");
    browser.textIs("dd[data-field='holds']", "–");
    browser.until(d -> browser.find("#task-summary").getText().contains("waiting for exclusive disk7, held by holder"));

    browser.go(node.url() + "/ui#/task/holder");
    browser.textIs("dd[data-field='holds']", "exclusive disk7; shared lpar01");
    browser.textIs("dd[data-field='waitingFor']", "–");

    browser.go(node.url() + "/ui#/task/dependent");
    browser.until(d -> browser.find("dd[data-field='waitingFor']").getText().startsWith("dependency holder"));
    browser.textIs("dd[data-field='after']", "holder (any outcome)");
    browser.screenshot("task-waiting");
    // the dependency is a link to its task's page
    browser.until(d -> {
      d.findElement(By.cssSelector("dd[data-field='after'] a")).click();
      return true;
    });
    browser.until(d -> d.getCurrentUrl().endsWith("#/task/holder"));
    browser.textIs("#task-id", "holder");
    // Stopped while queued, they never run: else the holder's end at the test's close would start
    // them, and their runners would write into the directory being removed.
    assertEquals(200, node.post("/v1/tasks/waiter/stop", "").statusCode());
    assertEquals(200, node.post("/v1/tasks/dependent/stop", "").statusCode());
  }

  @Test
  void theFormShowsTheApisFieldErrorWhereItBelongs() {
    browser.go(node.url() + "/ui#/submit");
    new Select(browser.visible("#f-machine")).selectByValue("exec");
    WebElement params = browser.find("#f-parameters");
    params.clear();
    params.sendKeys("{\"command\": []}");
    browser.find("#f-submit").click();
    WebElement error = browser.visible("#error-parameters");
    assertTrue(error.getText().startsWith("parameters"), error.getText());
    assertEquals("true", browser.find("#f-parameters").getAttribute("aria-invalid"));
    browser.find("#f-timeoutSeconds").sendKeys("0");
    params.clear();
    params.sendKeys("{\"command\": [\"true\"]}");
    browser.find("#f-submit").click();
    browser.until(d -> browser.find("#error-timeoutSeconds").getText().startsWith("timeoutSeconds"));
    browser.screenshot("submit-error");
  }

  @Test
  void theNodePageShowsHealthCapacityAndTheActivityChart() throws Exception {
    String id = submitThroughTheForm("[\"ECHO hi\"]", "counted");
    browser.go(node.url() + "/ui#/node");
    browser.textIs("#node-health", "ok");
    browser.until(d -> browser.find("#node-running").getText().endsWith("of 4"));
    browser.until(d -> d.findElement(By.cssSelector("#node-chart svg")).getAttribute("aria-label").contains("finishes (1)"));
    browser.screenshot("node");
    browser.narrow();
    browser.go(node.url() + "/ui#/tasks");
    browser.visible("tr[data-task-id='" + id + "']");
    browser.screenshot("tasks-narrow");
  }
}
