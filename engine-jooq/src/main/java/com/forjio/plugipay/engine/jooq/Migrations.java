package com.forjio.plugipay.engine.jooq;

import com.forjio.plugipay.engine.PlugipayException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.SQLDialect;

/**
 * The schema, as Flyway migrations per dialect family ({@code db/plugipay/{mysql,postgresql,h2}}).
 * The engine keeps its own history table, {@code plugipay_schema_history}, so it lives beside the
 * application's migrations; a database that already holds the application's tables is baselined at
 * version 0 and then gets every engine migration.
 */
final class Migrations {
  static final String HISTORY_TABLE = "plugipay_schema_history";

  private Migrations() {}

  static String family(SQLDialect dialect) {
    return switch (dialect.family()) {
      case MYSQL, MARIADB -> "mysql";
      case POSTGRES -> "postgresql";
      case H2 -> "h2";
      default -> throw PlugipayException.invalid("dialect", "unsupported database " + dialect
          + "; supported: MySQL 8, MariaDB 10.6+, PostgreSQL 13+, H2 2.x");
    };
  }

  static void apply(DataSource dataSource, String family) {
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/plugipay/" + family)
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw SqlTransactions.failure("migrate", e);
    }
  }
}
