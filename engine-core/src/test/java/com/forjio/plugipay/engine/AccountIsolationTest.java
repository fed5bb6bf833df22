package com.forjio.plugipay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountIsolationTest {
  private final PlugipayEngine engine = PlugipayEngine.builder().expirySweepInterval(Duration.ZERO).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static void fails(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PlugipayException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.status()).isEqualTo(code.status());
    });
  }

  @Test
  void anotherAccountsSessionIsNotFoundForEveryOperation() {
    CheckoutSessions mine = engine.forAccount("acct_1").checkoutSessions();
    CheckoutSessions theirs = engine.forAccount("acct_2").checkoutSessions();
    CheckoutSession s = mine.create(CreateValidationTest.valid().build());
    fails(() -> theirs.get(s.id()), ErrorCode.NOT_FOUND);
    fails(() -> theirs.cancel(s.id()), ErrorCode.NOT_FOUND);
    fails(() -> theirs.confirm(s.id()), ErrorCode.NOT_FOUND);
    assertThat(theirs.list().data()).isEmpty();
    assertThat(mine.list().data()).extracting(CheckoutSession::id).containsExactly(s.id());
    assertThat(mine.get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
  }

  @Test
  void theSameParametersInTwoAccountsAreTwoSessions() {
    CheckoutSession a = engine.forAccount("acct_1").checkoutSessions().create(CreateValidationTest.valid().build(),
        RequestOptions.idempotencyKey("same"));
    CheckoutSession b = engine.forAccount("acct_2").checkoutSessions().create(CreateValidationTest.valid().build(),
        RequestOptions.idempotencyKey("same"));
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(a.accountId()).isEqualTo("acct_1");
    assertThat(b.accountId()).isEqualTo("acct_2");
  }

  @Test
  void theDefaultAccountIsForAccountOfItsId() {
    CheckoutSession s = engine.checkoutSessions().create(CreateValidationTest.valid().build());
    assertThat(engine.forAccount("acct_default").checkoutSessions().get(s.id())).isEqualTo(s);
    assertThat(engine.forAccount("acct_default").accountId()).isEqualTo("acct_default");
  }

  @Test
  void aBadAccountIdIsRefused() {
    for (String bad : new String[] {null, "", "   ", "a".repeat(256)}) {
      assertThatThrownBy(() -> engine.forAccount(bad)).isInstanceOfSatisfying(PlugipayException.class,
          e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.param()).isEqualTo("accountId");
          });
    }
  }

  @Test
  void aReadOnlyViewReadsButRefusesEveryWrite() {
    PlugipayAccount account = engine.forAccount("acct_ro");
    CheckoutSession s = account.checkoutSessions().create(CreateValidationTest.valid().build());
    PlugipayAccount readOnly = account.readOnly();
    assertThat(readOnly.isReadOnly()).isTrue();
    assertThat(account.isReadOnly()).isFalse();
    assertThat(readOnly.readOnly()).isSameAs(readOnly);
    assertThat(readOnly.checkoutSessions().get(s.id())).isEqualTo(s);
    assertThat(readOnly.checkoutSessions().list().data()).containsExactly(s);
    fails(() -> readOnly.checkoutSessions().create(CreateValidationTest.valid().amount(1).build()), ErrorCode.FORBIDDEN);
    fails(() -> readOnly.checkoutSessions().cancel(s.id()), ErrorCode.FORBIDDEN);
    fails(() -> readOnly.checkoutSessions().confirm(s.id()), ErrorCode.FORBIDDEN);
    assertThat(account.checkoutSessions().get(s.id()).status()).isEqualTo(CheckoutSessionStatus.OPEN);
    assertThat(account.checkoutSessions().list().data()).hasSize(1);
  }
}
