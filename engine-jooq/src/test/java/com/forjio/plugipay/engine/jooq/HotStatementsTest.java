package com.forjio.plugipay.engine.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.junit.jupiter.api.Test;

/** The SQL the hot paths bind by hand: one placeholder per bound value, per dialect. */
class HotStatementsTest {
  private static final Settings SETTINGS =
      new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER).withRenderSchema(false);

  @Test
  void eachDialectReportsADuplicateKeyWithoutFailingTheTransaction() {
    assertThat(sql(SQLDialect.MARIADB).get(0)).startsWithIgnoringCase("insert ignore into");
    assertThat(sql(SQLDialect.MYSQL).get(0)).startsWithIgnoringCase("insert ignore into");
    assertThat(sql(SQLDialect.POSTGRES).get(0)).containsIgnoringCase("on conflict do nothing");
    // H2: a plain insert, its unique violation read as "already there"
    assertThat(sql(SQLDialect.H2).get(0)).startsWithIgnoringCase("insert into")
        .doesNotContainIgnoringCase("merge");
    assertThat(new HotStatements(SQLDialect.H2, SETTINGS).leasesRowByRow()).isTrue();
    assertThat(new HotStatements(SQLDialect.MARIADB, SETTINGS).leasesRowByRow()).isFalse();
  }

  @Test
  void placeholdersMatchTheValuesBound() {
    for (SQLDialect d : List.of(SQLDialect.H2, SQLDialect.MARIADB, SQLDialect.MYSQL, SQLDialect.POSTGRES)) {
      List<String> sql = sql(d);
      assertThat(placeholders(sql.get(0))).as(d + " key").isEqualTo(6);
      assertThat(placeholders(sql.get(1))).as(d + " session").isEqualTo(19);
      assertThat(placeholders(sql.get(2))).as(d + " event").isEqualTo(12);
      assertThat(placeholders(sql.get(3))).as(d + " lease").isEqualTo(6);
      assertThat(placeholders(sql.get(4))).as(d + " acknowledge").isEqualTo(4);
      assertThat(placeholders(sql.get(5))).as(d + " acknowledge if claimable").isEqualTo(7);
      assertThat(placeholders(sql.get(6))).as(d + " update session").isEqualTo(6);
      assertThat(placeholders(sql.get(7))).as(d + " select by id").isEqualTo(2);
      assertThat(placeholders(sql.get(8))).as(d + " select by token").isEqualTo(1);
    }
  }

  private static List<String> sql(SQLDialect dialect) {
    return new HotStatements(dialect, SETTINGS).sql();
  }

  private static long placeholders(String sql) {
    return sql.chars().filter(c -> c == '?').count();
  }
}
