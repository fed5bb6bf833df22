package com.forjio.plugipay.engine;

import static com.forjio.plugipay.engine.CheckoutSessionStatus.CANCELED;
import static com.forjio.plugipay.engine.CheckoutSessionStatus.COMPLETED;
import static com.forjio.plugipay.engine.CheckoutSessionStatus.EXPIRED;
import static com.forjio.plugipay.engine.CheckoutSessionStatus.OPEN;
import static com.forjio.plugipay.engine.CheckoutSessionStatus.PENDING;
import static com.forjio.plugipay.engine.CheckoutSessionStatus.PENDING_REVIEW;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The status machine of a checkout session, as one table: for each status, which trigger leads to
 * which next status. Nothing else in the engine decides whether a status may change; stores apply the
 * decision as a compare-and-set on the session's version.
 *
 * <p>Terminal statuses ({@code completed}, {@code expired}, {@code canceled}) have no row: a terminal
 * session never changes again. Preconditions that are not about the status (only manual sessions can
 * be confirmed; a pending session is cancelled only once its adapter voided the attempt) are checked
 * by the caller before it asks the table.
 */
final class StatusTable {

  /** What asks a session to change. */
  enum Trigger {
    /** The customer picked a method and a payment attempt started at the adapter. */
    START_PAYMENT("customer pays"),
    /** The provider reports the payment settled. */
    PROVIDER_PAID("provider: paid"),
    /** The provider (or a proof of transfer) puts the payment under review. */
    PROVIDER_REVIEW("provider: review"),
    /** The provider reports the attempt failed; the customer may try again. */
    PROVIDER_FAILED("provider: failed"),
    /** The merchant confirms a manual payment. */
    CONFIRM("confirm"),
    /** The merchant cancels (for a pending session: after the adapter voided the attempt). */
    CANCEL("cancel"),
    /** {@code expiresAt} passed (for a pending session: after the adapter voided the attempt). */
    EXPIRE("expiresAt passed");

    private final String label;

    Trigger(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  /** One legal edge of the machine. */
  record Transition(CheckoutSessionStatus from, Trigger trigger, CheckoutSessionStatus to) {}

  private static final Map<CheckoutSessionStatus, Map<Trigger, CheckoutSessionStatus>> TABLE =
      new EnumMap<>(CheckoutSessionStatus.class);

  static {
    row(OPEN, Trigger.START_PAYMENT, PENDING);
    row(OPEN, Trigger.PROVIDER_PAID, COMPLETED);
    row(OPEN, Trigger.PROVIDER_REVIEW, PENDING_REVIEW);
    row(OPEN, Trigger.CONFIRM, COMPLETED);
    row(OPEN, Trigger.CANCEL, CANCELED);
    row(OPEN, Trigger.EXPIRE, EXPIRED);

    row(PENDING, Trigger.PROVIDER_PAID, COMPLETED);
    row(PENDING, Trigger.PROVIDER_REVIEW, PENDING_REVIEW);
    row(PENDING, Trigger.PROVIDER_FAILED, OPEN);
    row(PENDING, Trigger.CONFIRM, COMPLETED);
    row(PENDING, Trigger.CANCEL, CANCELED);
    row(PENDING, Trigger.EXPIRE, EXPIRED);

    row(PENDING_REVIEW, Trigger.PROVIDER_PAID, COMPLETED);
    row(PENDING_REVIEW, Trigger.PROVIDER_FAILED, OPEN);
    row(PENDING_REVIEW, Trigger.CONFIRM, COMPLETED);
    row(PENDING_REVIEW, Trigger.CANCEL, CANCELED);
  }

  private StatusTable() {}

  private static void row(CheckoutSessionStatus from, Trigger t, CheckoutSessionStatus to) {
    TABLE.computeIfAbsent(from, f -> new EnumMap<>(Trigger.class)).put(t, to);
  }

  /** The status {@code trigger} leads to from {@code from}, or null when it is not allowed. */
  static @Nullable CheckoutSessionStatus next(CheckoutSessionStatus from, Trigger trigger) {
    Map<Trigger, CheckoutSessionStatus> row = TABLE.get(from);
    return row == null ? null : row.get(trigger);
  }

  /** Every legal transition, grouped by source status in declaration order. */
  static List<Transition> transitions() {
    List<Transition> all = new ArrayList<>();
    for (CheckoutSessionStatus from : CheckoutSessionStatus.values()) {
      TABLE.getOrDefault(from, Map.of())
          .forEach((trigger, to) -> all.add(new Transition(from, trigger, to)));
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * The table as a Mermaid state diagram, the form the README embeds (a test keeps the two equal).
   */
  static String mermaid() {
    StringBuilder sb = new StringBuilder("stateDiagram-v2\n");
    sb.append("    [*] --> open: create\n");
    for (Transition t : transitions()) {
      sb.append("    ").append(t.from().wireName()).append(" --> ").append(t.to().wireName())
          .append(": ").append(t.trigger().label()).append('\n');
    }
    for (CheckoutSessionStatus s : CheckoutSessionStatus.values()) {
      if (s.isTerminal()) {
        sb.append("    ").append(s.wireName()).append(" --> [*]\n");
      }
    }
    return sb.toString();
  }
}
