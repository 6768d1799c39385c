package dev.taskrunner.core.service.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.taskrunner.core.service.admission.Decision.Kind;
import dev.taskrunner.core.task.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private static final Map<String, Dependency> NO_DEPS = Map.of();

  private static Claim exclusive(String id, String... names) {
    return new Claim(id, new Resources(List.of(names), List.of()), List.of(), false);
  }

  private static Claim shared(String id, String... names) {
    return new Claim(id, new Resources(List.of(), List.of(names)), List.of(), false);
  }

  private static Claim after(String id, boolean any, String... deps) {
    return new Claim(id, Resources.NONE, List.of(deps), any);
  }

  private static Map<String, Decision> decide(List<Claim> queue, List<Holder> holders, Map<String, Dependency> deps,
      int slots) {
    return Admission.decide(queue, holders, (c, id) -> deps.get(id), slots);
  }

  @Test
  void sharedClaimsStartTogetherAndAnExclusiveOneWaitsForThem() {
    Map<String, Decision> d = decide(List.of(shared("a", "lpar"), shared("b", "lpar"), exclusive("c", "lpar")),
        List.of(), NO_DEPS, 10);
    assertEquals(Kind.START, d.get("a").kind());
    assertEquals(Kind.START, d.get("b").kind());
    assertEquals(new Decision("c", Kind.WAIT, "exclusive lpar, held by a and 1 more"), d.get("c"));
  }

  @Test
  void aLaterSharedClaimQueuesBehindAWaitingExclusiveOne() {
    Map<String, Decision> d = decide(List.of(exclusive("x", "disk7"), shared("s", "disk7")),
        List.of(new Holder("h", new Resources(List.of(), List.of("disk7")))), NO_DEPS, 10);
    assertEquals("exclusive disk7, held by h", d.get("x").reason());
    assertEquals(new Decision("s", Kind.WAIT, "shared disk7, queued behind x"), d.get("s"));
  }

  @Test
  void aTaskTakesAllItsResourcesOrNoneAndOthersMayPass() {
    Claim both = new Claim("both", new Resources(List.of("a", "b"), List.of()), List.of(), false);
    Map<String, Decision> d = decide(List.of(both, exclusive("onlyA", "a"), exclusive("c", "c")),
        List.of(new Holder("h", new Resources(List.of("b"), List.of()))), NO_DEPS, 10);
    assertEquals("exclusive b, held by h", d.get("both").reason());
    assertEquals("exclusive a, queued behind both", d.get("onlyA").reason(), "no overtaking on a resource");
    assertEquals(Kind.START, d.get("c").kind(), "an unrelated task passes");
  }

  @Test
  void slotsLimitStartsAndPlainWaitersAreLeftOut() {
    Map<String, Decision> d = decide(List.of(shared("a", "r"), new Claim("p", Resources.NONE, List.of(), false),
        new Claim("q", Resources.NONE, List.of(), false)), List.of(), NO_DEPS, 2);
    assertEquals(Kind.START, d.get("a").kind());
    assertEquals(Kind.START, d.get("p").kind());
    assertNull(d.get("q"), "waits for a slot only");
  }

  @Test
  void dependenciesWaitSucceedOrCancel() {
    Map<String, Dependency> deps = Map.of("run", Dependency.pending("running"), "ok", Dependency.ended(true, "succeeded"),
        "bad", Dependency.ended(false, "failed"));
    Map<String, Decision> d = decide(List.of(after("w", false, "ok", "run"), after("go", false, "ok"),
        after("no", false, "ok", "bad", "run"), after("any", true, "ok", "bad"), after("anyWait", true, "bad", "run")),
        List.of(), deps, 10);
    assertEquals(new Decision("w", Kind.WAIT, "dependency run (running)"), d.get("w"));
    assertEquals(Kind.START, d.get("go").kind());
    assertEquals(new Decision("no", Kind.CANCEL, "dependency bad failed"), d.get("no"));
    assertEquals(Kind.START, d.get("any").kind());
    assertEquals(Kind.WAIT, d.get("anyWait").kind());
  }

  @Test
  void aTaskWaitingForADependencyReservesNothing() {
    Claim waiting = new Claim("w", new Resources(List.of("disk"), List.of()), List.of("run"), false);
    Map<String, Decision> d = decide(List.of(waiting, exclusive("next", "disk")), List.of(),
        Map.of("run", Dependency.pending("queued")), 10);
    assertEquals(Kind.WAIT, d.get("w").kind());
    assertEquals(Kind.START, d.get("next").kind());
  }

  @Test
  void aStreamOfSharedRequestsNeverStarvesAnExclusiveOne() {
    // GIVEN one shared holder and an exclusive request queued before a stream of shared ones
    List<Holder> holders = List.of(new Holder("s0", new Resources(List.of(), List.of("r"))));
    List<Claim> queue = new java.util.ArrayList<>(List.of(exclusive("x", "r")));
    for (int i = 1; i <= 20; i++) {
      queue.add(shared("s" + i, "r"));
    }
    // WHEN admission decides, THEN no later shared one starts; once s0 is gone x starts first
    Map<String, Decision> d = decide(queue, holders, NO_DEPS, 50);
    assertEquals(1, d.values().stream().filter(x -> x.kind() == Kind.WAIT).filter(x -> x.taskId().equals("x")).count());
    assertEquals(0, d.values().stream().filter(x -> x.kind() == Kind.START).count());
    Map<String, Decision> after = decide(queue, List.of(), NO_DEPS, 50);
    assertEquals(List.of("x"), after.values().stream().filter(x -> x.kind() == Kind.START).map(Decision::taskId).toList());
  }
}
