-- Ids, idempotency keys, hosted tokens, account and customer ids compare byte for byte, trailing
-- spaces included. utf8mb4_bin is a PAD SPACE collation ('k' = 'k '), so every table moves to the
-- binary NO PAD collation of the server: utf8mb4_nopad_bin on MariaDB, utf8mb4_0900_bin on MySQL 8
-- (neither server knows the other's name). CONVERT TO rewrites every text column and rebuilds the
-- indexes; on large existing tables that copies the table once.
SET @plugipay_collation = IF(VERSION() LIKE '%MariaDB%', 'utf8mb4_nopad_bin', 'utf8mb4_0900_bin');

SET @plugipay_ddl = CONCAT('ALTER TABLE plugipay_checkout_session CONVERT TO CHARACTER SET utf8mb4 COLLATE ', @plugipay_collation);
PREPARE plugipay_stmt FROM @plugipay_ddl;
EXECUTE plugipay_stmt;
DEALLOCATE PREPARE plugipay_stmt;

SET @plugipay_ddl = CONCAT('ALTER TABLE plugipay_idempotency_key CONVERT TO CHARACTER SET utf8mb4 COLLATE ', @plugipay_collation);
PREPARE plugipay_stmt FROM @plugipay_ddl;
EXECUTE plugipay_stmt;
DEALLOCATE PREPARE plugipay_stmt;

SET @plugipay_ddl = CONCAT('ALTER TABLE plugipay_event CONVERT TO CHARACTER SET utf8mb4 COLLATE ', @plugipay_collation);
PREPARE plugipay_stmt FROM @plugipay_ddl;
EXECUTE plugipay_stmt;
DEALLOCATE PREPARE plugipay_stmt;

SET @plugipay_ddl = CONCAT('ALTER TABLE plugipay_payment_attempt CONVERT TO CHARACTER SET utf8mb4 COLLATE ', @plugipay_collation);
PREPARE plugipay_stmt FROM @plugipay_ddl;
EXECUTE plugipay_stmt;
DEALLOCATE PREPARE plugipay_stmt;

SET @plugipay_ddl = CONCAT('ALTER TABLE plugipay_unmatched_payment CONVERT TO CHARACTER SET utf8mb4 COLLATE ', @plugipay_collation);
PREPARE plugipay_stmt FROM @plugipay_ddl;
EXECUTE plugipay_stmt;
DEALLOCATE PREPARE plugipay_stmt;
