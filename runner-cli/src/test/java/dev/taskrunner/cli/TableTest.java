package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsAreLeftAlignedTwoSpacesApartWithNoTrailingBlanks() {
    String table = new Table("ID", "NAME", "EXIT")
        .row("a", "short", 0)
        .row("longer-id", null, "")
        .render();

    assertEquals("ID         NAME   EXIT\n"
        + "a          short  0\n"
        + "longer-id  -      -\n", table);
  }

  @Test
  void longCellsAreCutAndWhitespaceFolded() {
    String table = new Table("NAME").row("x".repeat(50)).row("two\nlines").render();

    assertEquals("NAME\n" + "x".repeat(Table.MAX_CELL - 3) + "...\ntwo lines\n", table);
  }

  @Test
  void aRowMustHaveOneCellPerColumn() {
    assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
  }
}
