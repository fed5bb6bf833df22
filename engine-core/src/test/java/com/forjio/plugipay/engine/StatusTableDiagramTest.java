package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's status diagram is rendered from {@link StatusTable}; this keeps the two equal. */
class StatusTableDiagramTest {

  @Test
  void readmeDiagramIsTheStatusTable() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    String begin = "<!-- status-table:begin -->\n```mermaid\n";
    String end = "```\n<!-- status-table:end -->";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    assertThat(from).as("README has the status-table markers").isNotNegative();
    assertThat(to).isGreaterThan(from);
    assertThat(text.substring(from + begin.length(), to))
        .as("README diagram; regenerate it from StatusTable.mermaid()")
        .isEqualTo(StatusTable.mermaid());
  }

  @Test
  void diagramHasOneLinePerTransitionAndEveryTerminalStatusEndsIt() {
    String diagram = StatusTable.mermaid();
    for (StatusTable.Transition t : StatusTable.transitions()) {
      assertThat(diagram).contains(t.from().wireName() + " --> " + t.to().wireName() + ": "
          + t.trigger().label());
    }
    for (CheckoutSessionStatus s : CheckoutSessionStatus.values()) {
      assertThat(diagram.contains(s.wireName() + " --> [*]")).isEqualTo(s.isTerminal());
    }
  }
}
