package com.forjio.plugipay.engine.reliability;

import com.forjio.plugipay.engine.CheckoutSession;
import com.forjio.plugipay.engine.CheckoutSessions;
import com.forjio.plugipay.engine.PlugipayEngine;
import com.forjio.plugipay.engine.RequestOptions;
import com.forjio.plugipay.engine.jooq.JooqSessionStore;
import com.forjio.plugipay.engine.reliability.support.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link ChildJvmKillTest} kills: an engine on a jOOQ store built the way the README
 * shows ({@code JooqSessionStore.builder().hikari(url, user, password)}), with a listener (so events
 * wait in the outbox), and threads that create sessions with explicit keys and cancel or confirm two
 * thirds of them. Each operation is written to the ledger file only after its call returned.
 *
 * <p>Arguments: {@code jdbcUrl user accountId ledgerFile threads}. Runs until killed.
 */
public final class LoadChild {
  private LoadChild() {}

  /** Runs the load until the process is killed. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1].equals("-") ? null : args[1];
    String account = args[2];
    Ledger ledger = Ledger.appendingTo(Path.of(args[3]));
    int threads = Integer.parseInt(args[4]);
    JooqSessionStore store = JooqSessionStore.builder().hikari(url, user, user == null ? null : "")
        .build();
    PlugipayEngine engine = PlugipayEngine.builder().store(store)
        .expirySweepInterval(Duration.ZERO).listener(e -> { }).build();
    CheckoutSessions sessions = engine.forAccount(account).checkoutSessions();
    System.out.println("ready");
    System.out.flush();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w = new Thread(() -> {
        for (int i = 0; ; i++) {
          String key = "kill-" + thread + "-" + i;
          try {
            CheckoutSession s = sessions.create(Ledger.params(key), RequestOptions.idempotencyKey(key));
            ledger.created(key, s.id());
            if (i % 3 == 0) {
              ledger.transitioned(s.id(), sessions.cancel(s.id()).status());
            } else if (i % 3 == 1) {
              ledger.transitioned(s.id(), sessions.confirm(s.id()).status());
            }
          } catch (RuntimeException e) {
            System.err.println("operation on " + key + " failed: " + e);
          }
        }
      }, "load-" + t);
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
  }
}
