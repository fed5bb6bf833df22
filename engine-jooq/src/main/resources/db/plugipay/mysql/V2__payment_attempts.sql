-- Payment attempts (the provider side of a pending session) and notifications nobody claimed.

CREATE TABLE plugipay_payment_attempt (
  id                  VARCHAR(40)   NOT NULL,
  account_id          VARCHAR(255)  NOT NULL,
  session_id          VARCHAR(40)   NOT NULL,
  adapter             VARCHAR(40)   NOT NULL,
  method              VARCHAR(16)   NOT NULL,
  provider_reference  VARCHAR(255)  NULL,
  action_kind         VARCHAR(24)   NOT NULL,
  action_value        TEXT          NOT NULL,
  instructions        TEXT          NULL,
  created_at          DATETIME(6)   NOT NULL,
  PRIMARY KEY (id),
  KEY ix_plugipay_attempt_provider_ref (adapter, provider_reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE plugipay_checkout_session ADD COLUMN current_attempt_id VARCHAR(40) NULL;

CREATE TABLE plugipay_unmatched_payment (
  seq                 BIGINT        NOT NULL AUTO_INCREMENT,
  adapter             VARCHAR(40)   NOT NULL,
  provider_reference  VARCHAR(255)  NULL,
  reference           VARCHAR(255)  NULL,
  outcome             VARCHAR(16)   NOT NULL,
  amount              BIGINT        NULL,
  received_at         DATETIME(6)   NOT NULL,
  PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
