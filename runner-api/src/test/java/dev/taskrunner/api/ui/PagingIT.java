package dev.taskrunner.api.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * 1,000 tasks in the page: paging through the API's offset and limit, filtering by state and by
 * text. The tasks are finished ones a node left on disk (as after a restart), so no runner JVM
 * has to run 1,000 times on the test machine; the node adopts them as it would any.
 */
class PagingIT {
  static final int TASKS = 1000;
  @TempDir
  Path temp;
  private OperatorNode node;
  private Browser browser;

  @BeforeEach
  void open() throws IOException {
    browser = Browser.open();
    Path work = Files.createDirectories(temp.resolve("work"));
    Instant at = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 1; i <= TASKS; i++) {
      String id = String.format("pg-%04d", i);
      Path dir = Files.createDirectories(work.resolve(id));
      String name = (i % 10 == 0 ? "needle " : "hay ") + i;
      Files.writeString(dir.resolve("task.json"),
          "{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"" + id + "\",\"name\":\"" + name + "\"}");
      Files.writeString(dir.resolve("node.json"), "{\"version\":1,\"seq\":" + i + ",\"acceptedAt\":\"" + at
          + "\",\"launchedAt\":\"" + at + "\",\"stopRequestedAt\":null}");
      int code = i % 4 == 0 ? 1 : 0;
      new StatusFile(dir).write(new TaskStatus(TaskStatus.CURRENT_VERSION, id, 999_999, at, "test", at, at.plusSeconds(1),
          at.plusSeconds(1), code, Outcome.ofExitCode(code), null, null), false);
    }
    node = new OperatorNode(work, "");
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

  @Test
  void aThousandTasksPageAndFilterByStateAndText() {
    browser.go(node.url() + "/ui#/tasks");
    browser.textIs("#page-info", "1–50 of 1000");
    browser.textIs(".count[data-state='exited']", "1000");
    browser.attributeIs("#task-rows tr", "data-task-id", "pg-0001");
    browser.find("#page-next").click();
    browser.textIs("#page-info", "51–100 of 1000");
    browser.attributeIs("#task-rows tr", "data-task-id", "pg-0051");
    browser.driver.executeScript("window.scrollTo(0, 0)"); // the counts and filters, above the rows
    browser.screenshot("tasks-1000");

    browser.find("#filter-text").sendKeys("needle");
    browser.textIs("#page-info", "1–50 of 100");
    browser.attributeIs("#task-rows tr", "data-task-id", "pg-0010");
    browser.find("#page-next").click();
    browser.textIs("#page-info", "51–100 of 100");
    browser.find("#filter-text").sendKeys(" 1000");
    browser.textIs("#page-info", "1–1 of 1");

    browser.find("#filter-text").clear();
    browser.find("#filter-text").sendKeys("failed"); // text matches outcomes too: every 4th task
    browser.textIs("#page-info", "1–50 of 250");
    new Select(browser.find("#filter-state")).selectByValue("running");
    browser.textIs("#tasks-message", "No tasks match.");
    new Select(browser.find("#filter-state")).selectByValue("exited");
    browser.textIs("#page-info", "1–50 of 250");
    browser.until(d -> d.findElements(By.cssSelector("#task-rows tr")).size() == 50);
  }
}
