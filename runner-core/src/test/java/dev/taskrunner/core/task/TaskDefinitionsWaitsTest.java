package dev.taskrunner.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TaskDefinitionsWaitsTest {
  private static TaskDefinition parse(String json) {
    return TaskDefinitions.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void resourcesAndDependenciesAreReadAndWrittenBack() {
    TaskDefinition d = parse("{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"],"
        + "\"resources\":{\"exclusive\":[\"disk7\"],\"shared\":[\"lpar01\"]},\"after\":[\"a\",\"b\"],\"afterAny\":true}");
    assertEquals(new Resources(List.of("disk7"), List.of("lpar01")), d.resources());
    assertEquals(List.of("a", "b"), d.after());
    assertEquals(d, TaskDefinitions.parse(d.toJson()));
    assertEquals(d.summary(), TaskDefinitions.parseAccepted(d.toJson()).summary());
  }

  @Test
  void echoUseLinesFillTheResources() {
    TaskDefinition d = parse("{\"machine\":\"echo\",\"parameters\":[\"USE SHARED lpar01\",\"USE EXCLUSIVE disk7 disk8\","
        + "\"ECHO hi\"],\"resources\":{\"exclusive\":[\"disk7\"]}}");
    assertEquals(new Resources(List.of("disk7", "disk8"), List.of("lpar01")), d.resources());
    assertEquals(d, TaskDefinitions.parse(d.toJson()), "a task.json read again is the same task");
  }

  @Test
  void theStreamedSummaryOfAnAcceptedDefinitionKeepsWhatItWaitsFor() throws Exception {
    TaskDefinition d = parse("{\"machine\":\"echo\",\"parameters\":[\"USE EXCLUSIVE disk7\",\"ECHO hi\"],\"after\":[\"a\"]}");
    assertEquals(d.summary(), AcceptedSummaries.read(new ByteArrayInputStream(d.toJson())));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"resources\":[\"disk7\"]                                   | resources",
      "\"resources\":{\"exclusive\":[\"disk 7\"]}                  | resources.exclusive[0]",
      "\"resources\":{\"shared\":[\"a\",\"a\"]}                    | resources.shared[1]",
      "\"resources\":{\"exclusive\":[\"a\"],\"shared\":[\"a\"]}    | resources",
      "\"resources\":{\"both\":[\"a\"]}                            | resources.both",
      "\"after\":\"a\"                                             | after",
      "\"after\":[\"a/b\"]                                         | after[0]",
      "\"after\":[\"a\",\"a\"]                                     | after[1]",
      "\"afterAny\":true                                           | afterAny",
      "\"after\":[\"a\"],\"afterAny\":1                            | afterAny",
  })
  void badWaitFieldsAreRefusedNamingTheField(String fields, String field) {
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> parse("{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"]," + fields + "}"));
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void tooManyResourcesAndAUseLineThatContradictsTheFieldAreRefused() {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i <= Resources.MAX; i++) {
      names.append(i == 0 ? "" : ",").append("\"r").append(i).append('"');
    }
    assertEquals("resources", assertThrows(InvalidTaskException.class,
        () -> parse("{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"],\"resources\":{\"shared\":[" + names + "]}}")).field());
    assertEquals("resources", assertThrows(InvalidTaskException.class,
        () -> parse("{\"machine\":\"echo\",\"parameters\":[\"USE SHARED disk7\"],\"resources\":{\"exclusive\":[\"disk7\"]}}"))
        .field());
  }
}
