-- Plugipay engine schema, MySQL 8 / MariaDB 10.6+ (InnoDB). Times are UTC DATETIME(6);
-- utf8mb4_bin so ids, tokens and idempotency keys compare byte-wise (case-sensitive).

CREATE TABLE plugipay_checkout_session (
  id            VARCHAR(40)   NOT NULL,
  account_id    VARCHAR(255)  NOT NULL,
  customer_id   VARCHAR(255)  NULL,
  amount        BIGINT        NOT NULL,
  currency      VARCHAR(3)    NOT NULL,
  status        VARCHAR(16)   NOT NULL,
  methods       VARCHAR(64)   NOT NULL,
  adapter       VARCHAR(40)   NULL,
  line_items    MEDIUMTEXT    NOT NULL,
  success_url   VARCHAR(2048) NOT NULL,
  cancel_url    VARCHAR(2048) NOT NULL,
  hosted_url    VARCHAR(2400) NOT NULL,
  hosted_token  VARCHAR(64)   NOT NULL,
  expires_at    DATETIME(6)   NOT NULL,
  completed_at  DATETIME(6)   NULL,
  metadata      MEDIUMTEXT    NOT NULL,
  created_at    DATETIME(6)   NOT NULL,
  updated_at    DATETIME(6)   NOT NULL,
  version       BIGINT        NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY ux_plugipay_session_token (hosted_token),
  KEY ix_plugipay_session_list (account_id, created_at, id),
  KEY ix_plugipay_session_status (account_id, status, created_at, id),
  KEY ix_plugipay_session_customer (account_id, customer_id, created_at, id),
  KEY ix_plugipay_session_expiry (status, expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE plugipay_idempotency_key (
  account_id    VARCHAR(255)  NOT NULL,
  operation     VARCHAR(64)   NOT NULL,
  idem_key      VARCHAR(255)  NOT NULL,
  fingerprint   VARCHAR(64)   NOT NULL,
  session_id    VARCHAR(40)   NOT NULL,
  expires_at    DATETIME(6)   NOT NULL,
  PRIMARY KEY (account_id, operation, idem_key),
  KEY ix_plugipay_idempotency_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE plugipay_event (
  seq             BIGINT        NOT NULL AUTO_INCREMENT,
  id              VARCHAR(40)   NOT NULL,
  account_id      VARCHAR(255)  NOT NULL,
  session_id      VARCHAR(40)   NOT NULL,
  type            VARCHAR(80)   NOT NULL,
  occurred_at     DATETIME(6)   NOT NULL,
  status          VARCHAR(16)   NOT NULL,
  adapter         VARCHAR(40)   NULL,
  completed_at    DATETIME(6)   NULL,
  updated_at      DATETIME(6)   NOT NULL,
  pending         BOOLEAN       NOT NULL,
  attempts        INT           NOT NULL,
  available_at    DATETIME(6)   NOT NULL,
  lease_owner     VARCHAR(64)   NULL,
  lease_until     DATETIME(6)   NULL,
  PRIMARY KEY (seq),
  UNIQUE KEY ux_plugipay_event_id (id),
  KEY ix_plugipay_event_session (session_id, pending, seq),
  KEY ix_plugipay_event_pending (pending, available_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
