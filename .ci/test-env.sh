# Environment of the database-backed tests on a machine of this kind (sourced by .ci/run):
# the running services by JDBC URL, and Testcontainers on a locally built image.
export PLUGIPAY_TEST_MARIADB_URL="${PLUGIPAY_TEST_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/plugipay_test?user=root}"
export PLUGIPAY_TEST_POSTGRES_URL="${PLUGIPAY_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
export PLUGIPAY_TEST_MYSQL_IMAGE="${PLUGIPAY_TEST_MYSQL_IMAGE:-plugipay/mariadb-local:bookworm}"
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_CHECKS_DISABLE=true
export TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE="$PLUGIPAY_TEST_MYSQL_IMAGE"
export TESTCONTAINERS_HOST_OVERRIDE=localhost
