package app.provisioning.synclog;

import java.util.UUID;
import java.util.stream.Stream;

import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sync-log page is an index walk in newest-first order, whatever the log's size: on
 * a log of 200,000 entries (two accounts, statistics analysed) the plan of each query
 * shape {@link SyncLogQuery} writes uses the index named and never scans the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncLogIndexUsageTest extends ScimIntegrationTest {

	private UUID account;

	@BeforeAll
	void seedALongLog() {
		this.account = this.accounts.createAccount("log-size-" + UUID.randomUUID());
		UUID other = this.accounts.createAccount("log-size-other-" + UUID.randomUUID());
		for (UUID id : new UUID[] { this.account, other }) {
			this.jdbcTemplate
				.update("INSERT INTO sync_log (account_id, at, source, operation, resource_type, resource_id,"
						+ " outcome, reason) SELECT ?, now() - g * interval '1 second', CASE WHEN g % 10 = 0 THEN 'reconcile:run-'"
						+ " || (g / 1000) ELSE 'scim:' || (g % 5000) END, (ARRAY['create','update','deactivate','permission'])"
						+ "[1 + g % 4], 'person', 'record-' || (g % 20000), CASE WHEN g % 97 = 0 THEN 'error' ELSE 'applied' END,"
						+ " 'seeded' FROM generate_series(1, 100000) g", id);
		}
		this.jdbcTemplate.execute("ANALYZE sync_log");
	}

	static Stream<Arguments> queries() {
		String page = " ORDER BY at DESC, id DESC LIMIT 51";
		return Stream.of(Arguments.of("SELECT * FROM sync_log WHERE account_id = ?" + page, "sync_log_account_at_idx"),
				Arguments.of("SELECT * FROM sync_log WHERE account_id = ? AND (at, id) < (now() - interval '1 day', 5)"
						+ page, "sync_log_account_at_idx"),
				Arguments.of("SELECT * FROM sync_log WHERE account_id = ? AND (resource_id = ANY('{record-7,record-8}')"
						+ " OR source = ANY('{scim:7}'))" + page, "sync_log_resource_idx"),
				Arguments.of("SELECT * FROM sync_log WHERE account_id = ? AND source = 'reconcile:run-3'" + page,
						"sync_log_source_idx"),
				Arguments.of("SELECT * FROM sync_log WHERE account_id = ? AND outcome = 'error'" + page,
						"sync_log_outcome_idx"));
	}

	@ParameterizedTest
	@MethodSource("queries")
	void pagesAreIndexWalks(String sql, String index) {
		String plan = String.join("\n",
				this.jdbcTemplate.queryForList("EXPLAIN " + sql.replace("?", "'" + this.account + "'"), String.class));
		assertThat(plan).as(plan).contains(index).doesNotContain("Seq Scan on sync_log");
	}

}
